#!/usr/bin/env node
// `npm run emulator`: serves the Gradient MSP vendor API emulator until SIGINT/SIGTERM.
// Flags: --port 8787 --host 127.0.0.1 --seed <file.json> --latency <ms> --rate-limit <n>
//        --rate-limit-scope vendor|token|global --random-seed <n> --reading <name=value>... --verbose
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { readingsFromFlags } from './readings.mjs';
import { startEmulator } from './server.mjs';

const DEFAULT_PORT = 8787;

function integerFlag(values, name) {
	const raw = values[name];
	if (raw === undefined) return undefined;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer, got "${raw}"`);
	return value;
}

function optionsFromArguments(argv) {
	const { values } = parseArgs({
		args: argv,
		options: {
			port: { type: 'string' },
			host: { type: 'string' },
			seed: { type: 'string' },
			latency: { type: 'string' },
			'rate-limit': { type: 'string' },
			'rate-limit-scope': { type: 'string' },
			'random-seed': { type: 'string' },
			reading: { type: 'string', multiple: true },
			verbose: { type: 'boolean', default: false },
		},
	});
	const requestsPerSecond = integerFlag(values, 'rate-limit');
	return {
		host: values.host,
		port: integerFlag(values, 'port') ?? DEFAULT_PORT,
		seed: values.seed && JSON.parse(readFileSync(values.seed, 'utf8')),
		latencyMs: integerFlag(values, 'latency'),
		rateLimit: requestsPerSecond ? { requestsPerSecond, scope: values['rate-limit-scope'] } : null,
		randomSeed: integerFlag(values, 'random-seed'),
		readings: readingsFromFlags(values.reading),
		// One short line per request; the journal entry holds no header, so no token can appear.
		onRequest: values.verbose
			? (entry) =>
					console.error(`${entry.method} ${entry.path} ${entry.reset ? 'reset' : entry.status} ${entry.durationMs}ms`)
			: undefined,
	};
}

let running;
try {
	running = await startEmulator(optionsFromArguments(process.argv.slice(2)));
} catch (error) {
	console.error(`gradient emulator: ${error.message}`);
	process.exit(2);
}
console.log(`Gradient emulator listening on ${running.url}`);

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, async () => {
		await running.close();
		process.exit(0);
	});
}
