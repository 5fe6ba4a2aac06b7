// Runs the emulator's command line (cli.mjs) as its own process, for the tests of its flags.
// Spawning processes is kept out of the .ts tests, which n8n's lint holds to a node's rules.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const cliPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli.mjs');

/** Starts the emulator with these flags; answers its URL once it listens, and a way to stop it. */
export async function startCli(flags) {
	const cli = spawn(process.execPath, [cliPath, ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
	const [firstLine] = await once(cli.stdout, 'data');
	const url = /listening on (\S+)/.exec(firstLine.toString())?.[1];
	return {
		url,
		async stop() {
			cli.kill('SIGTERM');
			await once(cli, 'exit');
		},
	};
}

/** Runs the command line with flags it should refuse; answers how it exited and what it printed to stderr. */
export async function runCliToExit(flags) {
	const cli = spawn(process.execPath, [cliPath, ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
	let stderr = '';
	cli.stderr.on('data', (chunk) => (stderr += chunk.toString()));
	const [exitCode] = await once(cli, 'exit');
	return { exitCode, stderr };
}
