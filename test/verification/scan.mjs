// n8n's verification scanner, run offline: the same ESLint analysis `@n8n/scan-community-package`
// applies before n8n lists a community package, on the source tree and on what `npm pack`
// ships. Its other legs (npm provenance, the GitHub source checkout) need the registry's
// attestations and GitHub, which this machine cannot reach.
//
// The analysis runs in a child process of its own: eslint-plugin-n8n-nodes-base switches to a
// self-test mode, in which every file counts as a node of every kind, when it loads under
// NODE_ENV=test, as it would inside jest.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { packPackage } from '../e2e/n8nInstance.mjs';

const thisFile = fileURLToPath(import.meta.url);
const repositoryRoot = path.resolve(path.dirname(thisFile), '../..');

function analyzeInChildProcess(kind, folder) {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [thisFile, kind, folder], {
			env: { ...process.env, NODE_ENV: 'production' },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		const output = [];
		child.stdout.on('data', (chunk) => output.push(chunk));
		child.once('error', reject);
		child.once('close', (code) => {
			if (code !== 0) return reject(new Error(`the scanner exited with ${code}`));
			resolve(JSON.parse(Buffer.concat(output).toString('utf8')));
		});
	});
}

export async function scanSourceTree() {
	return await analyzeInChildProcess('source', repositoryRoot);
}

export async function scanTarball(folder) {
	return await analyzeInChildProcess('tarball', folder);
}

/** Packs the built package, unpacks it, and answers where, with the list of files it ships. */
export function unpackedTarball() {
	const tarball = packPackage();
	const folder = mkdtempSync(path.join(os.tmpdir(), 'gradient-tarball-'));
	const unpacked = spawnSync('tar', ['-xzf', tarball, '-C', folder, '--strip-components=1'], { encoding: 'utf8' });
	if (unpacked.status !== 0) throw new Error(`could not unpack ${tarball}: ${unpacked.stderr}`);
	const files = readdirSync(folder, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
		.sort();
	return { folder, files };
}

async function analyze(kind, folder) {
	const { SOURCE_FILE_PATTERNS, analyzePackage } = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	// The source leg lints only what the package is built from, as n8n's scanner does.
	const result = await analyzePackage(folder, kind === 'source' ? SOURCE_FILE_PATTERNS : undefined);
	process.stdout.write(JSON.stringify({ passed: result.passed, message: result.message, details: result.details }));
}

// No top-level await: jest loads this module with require(esm), which refuses it.
if (process.argv[1] === thisFile) {
	const [kind, folder] = process.argv.slice(2);
	analyze(kind, folder).catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
}
