#!/usr/bin/env node
// Provides a real n8n (pinned release) in .runtime/, installed once and reused.
//
// Usage: node scripts/n8nRuntime.mjs   (prints the n8n binary's path when ready)
//
// n8n's plain install fails here: a Kafka client among its dependencies downloads binaries
// in an install script. Installing with scripts off and then building the one native module
// n8n needs (sqlite3) against Node 24's headers works; n8n's other native modules ship
// prebuilt binaries for Node 24.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { node24Environment } from './node24.mjs';

export const N8N_VERSION = '2.41.1';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const runtimeFolder = path.join(repositoryRoot, '.runtime', `n8n-${N8N_VERSION}`);
const readyMarker = path.join(runtimeFolder, '.ready');
export const n8nBinary = path.join(runtimeFolder, 'node_modules', 'n8n', 'bin', 'n8n');
const sqliteBinding = path.join(runtimeFolder, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');

function installedVersion() {
	const manifest = path.join(runtimeFolder, 'node_modules', 'n8n', 'package.json');
	return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
}

function npm(args, environment) {
	const result = spawnSync('npm', args, { cwd: runtimeFolder, env: environment, stdio: ['ignore', 'inherit', 'inherit'] });
	if (result.status !== 0) throw new Error(`[n8n-runtime] npm ${args.join(' ')} failed (exit ${result.status})`);
}

/** Installs n8n when missing or of another version; answers the path of its binary. */
export function ensureN8nRuntime() {
	if (existsSync(readyMarker) && existsSync(sqliteBinding) && installedVersion() === N8N_VERSION) return n8nBinary;

	console.error(`[n8n-runtime] installing n8n ${N8N_VERSION} into .runtime/ (once; several minutes)`);
	rmSync(runtimeFolder, { recursive: true, force: true });
	mkdirSync(runtimeFolder, { recursive: true });
	writeFileSync(
		path.join(runtimeFolder, 'package.json'),
		JSON.stringify({ name: 'n8n-runtime', private: true, dependencies: { n8n: N8N_VERSION } }, null, '\t'),
	);
	const environment = {
		...node24Environment(),
		// ~/.npmrc may say yes=false; nothing here should prompt anyway.
		npm_config_yes: 'true',
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
		// Run from `npm test`, this inherits the project's ignore-scripts=true (.npmrc), which
		// would turn the sqlite3 rebuild below into a silent no-op.
		npm_config_ignore_scripts: 'false',
	};
	npm(['install', '--ignore-scripts', '--no-package-lock', '--omit=dev', `n8n@${N8N_VERSION}`], environment);
	npm(['rebuild', 'sqlite3'], environment);
	if (installedVersion() !== N8N_VERSION) throw new Error('[n8n-runtime] n8n is not where it should be after install');
	if (!existsSync(sqliteBinding)) throw new Error('[n8n-runtime] sqlite3 was not built: n8n could not open its database');
	writeFileSync(readyMarker, `${N8N_VERSION}\n`);
	return n8nBinary;
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) console.log(ensureN8nRuntime());
