#!/usr/bin/env node
// Provides real n8n releases in .runtime/n8n-<version>, each installed once and reused: the
// pinned 2.x the end-to-end tests, the demo and the benchmark use, and the newest 1.x release
// the package is also tested against.
//
// Usage: node scripts/n8nRuntime.mjs [version...]
//   installs the given runtimes (all of them when none is given) at the same time, and prints
//   the path of each one's n8n binary when ready
//
// n8n's plain install fails here: a Kafka client among its dependencies downloads binaries
// in an install script. Installing with scripts off and then building the one native module
// n8n needs (sqlite3) against the headers of the Node it runs on works; n8n's other native
// modules ship prebuilt binaries, or are optional.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { node24Environment } from './node24.mjs';

export const N8N_VERSION = '2.41.1';
export const N8N_1X_VERSION = '1.123.81';

const RUNTIMES = {
	[N8N_VERSION]: { node: 24 },
	[N8N_1X_VERSION]: {
		// The Node a 1.x install would run on: the system's (20 where .ci/run runs), not Node 24.
		node: 'system',
		// n8n-nodes-base 1.x takes xlsx from cdn.sheetjs.com, which is no npm registry and does not
		// resolve on the machines this runs on; the registry's newest xlsx stands in. Only the
		// spreadsheet nodes use it.
		overrides: { xlsx: '0.18.5' },
		// Since 1.123.76 n8n evaluates expressions in isolated-vm by default, whose binaries need
		// Node 22 or newer: on Node 20 it starts only with its former engine. 2.x runs the new one.
		settings: { N8N_EXPRESSION_ENGINE: 'legacy' },
	},
};
const N8N_VERSIONS = Object.keys(RUNTIMES);

const scriptPath = fileURLToPath(import.meta.url);
const repositoryRoot = path.resolve(path.dirname(scriptPath), '..');
const node24Folder = path.join(repositoryRoot, '.cache', 'node24');

function runtimeOf(version) {
	const runtime = RUNTIMES[version];
	if (!runtime) throw new Error(`[n8n-runtime] n8n ${version} is not a supported runtime (${N8N_VERSIONS.join(', ')})`);
	const folder = path.join(repositoryRoot, '.runtime', `n8n-${version}`);
	return {
		...runtime,
		version,
		folder,
		binary: path.join(folder, 'node_modules', 'n8n', 'bin', 'n8n'),
		readyMarker: path.join(folder, '.ready'),
		installLog: path.join(folder, 'install.log'),
		sqliteBinding: path.join(folder, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'),
	};
}

/**
 * The environment without what scripts/node24.mjs and the npm running on its Node added (PATH
 * entries, npm_config_nodedir, npm's prefixes): `node` and `npm` are the system's again, and a
 * native build takes the system Node's headers.
 */
function systemNodeEnvironment() {
	const fromNode24 = (value) => value.startsWith(node24Folder);
	const environment = Object.fromEntries(Object.entries(process.env).filter(([, value]) => !fromNode24(value)));
	environment.PATH = (process.env.PATH ?? '')
		.split(path.delimiter)
		.filter((folder) => !fromNode24(folder))
		.join(path.delimiter);
	return environment;
}

function nodeEnvironment(runtime) {
	return runtime.node === 'system' ? systemNodeEnvironment() : node24Environment();
}

/** The environment n8n `version` runs in: its Node first on PATH, and the settings it needs. */
export function n8nEnvironment(version = N8N_VERSION) {
	const runtime = runtimeOf(version);
	return { ...nodeEnvironment(runtime), ...runtime.settings };
}

function installedVersion(runtime) {
	const manifest = path.join(runtime.folder, 'node_modules', 'n8n', 'package.json');
	return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
}

function isReady(runtime) {
	return existsSync(runtime.readyMarker) && existsSync(runtime.sqliteBinding) && installedVersion(runtime) === runtime.version;
}

function npm(runtime, args, environment) {
	const log = openSync(runtime.installLog, 'a');
	return new Promise((resolve, reject) => {
		const child = spawn('npm', args, { cwd: runtime.folder, env: environment, stdio: ['ignore', log, log] });
		// The child has its own copy of the log's descriptor.
		closeSync(log);
		child.once('error', reject);
		child.once('close', (code) => {
			if (code === 0) return resolve();
			const output = readFileSync(runtime.installLog, 'utf8').slice(-4000);
			reject(new Error(`[n8n-runtime] npm ${args.join(' ')} failed for n8n ${runtime.version} (exit ${code}):\n${output}`));
		});
	});
}

async function installRuntime(version) {
	const runtime = runtimeOf(version);
	if (isReady(runtime)) return runtime.binary;

	const startedAt = Date.now();
	console.error(`[n8n-runtime] installing n8n ${version} (Node ${runtime.node}) into .runtime/ (once; several minutes)`);
	rmSync(runtime.folder, { recursive: true, force: true });
	mkdirSync(runtime.folder, { recursive: true });
	writeFileSync(
		path.join(runtime.folder, 'package.json'),
		JSON.stringify(
			// Named per release: jest's module map warns of two packages of one name in the repository.
			{ name: `n8n-runtime-${version}`, private: true, dependencies: { n8n: version }, overrides: runtime.overrides },
			null,
			'\t',
		),
	);
	const environment = {
		...nodeEnvironment(runtime),
		// ~/.npmrc may say yes=false; nothing here should prompt anyway.
		npm_config_yes: 'true',
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
		// Run from `npm test`, this inherits the project's ignore-scripts=true (.npmrc), which
		// would turn the sqlite3 rebuild below into a silent no-op.
		npm_config_ignore_scripts: 'false',
	};
	await npm(runtime, ['install', '--ignore-scripts', '--no-package-lock', '--omit=dev'], environment);
	await npm(runtime, ['rebuild', 'sqlite3'], environment);
	if (installedVersion(runtime) !== version) throw new Error(`[n8n-runtime] n8n ${version} is not where it should be after install`);
	if (!existsSync(runtime.sqliteBinding)) {
		throw new Error(`[n8n-runtime] sqlite3 was not built for n8n ${version}: n8n could not open its database`);
	}
	writeFileSync(runtime.readyMarker, `${version}\n`);
	console.error(`[n8n-runtime] n8n ${version} installed in ${Math.round((Date.now() - startedAt) / 1000)} s`);
	return runtime.binary;
}

/**
 * Installs the runtimes at the same time (CI starts from a clean clone, and each takes minutes);
 * answers their binaries' paths. A failed install lets the others finish before it is reported.
 */
async function installN8nRuntimes(versions = N8N_VERSIONS) {
	const installs = await Promise.allSettled(versions.map(installRuntime));
	const failures = installs.filter((install) => install.status === 'rejected').map((install) => install.reason);
	if (failures.length) throw new AggregateError(failures, failures.map((failure) => failure.message).join('\n'));
	return installs.map((install) => install.value);
}

/**
 * Installs n8n `version` when missing or incomplete; answers the path of its binary. Synchronous
 * for instances constructed synchronously: the install itself runs in this script's CLI.
 */
export function ensureN8nRuntime(version = N8N_VERSION) {
	const runtime = runtimeOf(version);
	if (!isReady(runtime)) {
		const installer = spawnSync(process.execPath, [scriptPath, version], { stdio: ['ignore', 'ignore', 'inherit'] });
		if (installer.status !== 0) throw new Error(`[n8n-runtime] could not install n8n ${version}`);
	}
	return runtime.binary;
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === scriptPath;
// No top-level await: the tests require() this module synchronously.
if (invokedDirectly) {
	const requested = process.argv.slice(2);
	installN8nRuntimes(requested.length ? requested : N8N_VERSIONS).then(
		(binaries) => console.log(binaries.join('\n')),
		(error) => {
			console.error(error.message);
			process.exitCode = 1;
		},
	);
}
