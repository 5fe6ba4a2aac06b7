#!/usr/bin/env node
// Refreshes the pictures the docs show: runs the editor test (the real n8n editor in headless
// Chromium, against the emulator), which leaves its screenshots in artifacts/editor/, and
// copies the published ones into docs/. Tests never write tracked files; this script does, on
// purpose, when someone means to refresh the pictures.
//
// Usage: npm run screenshots
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { node24Environment } from './node24.mjs';
import { N8N_VERSION } from './n8nRuntime.mjs';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const screenshotFolder = path.join(repositoryRoot, 'artifacts', 'editor');

/** The editor test's screenshot → the docs picture it becomes. */
const PUBLISHED = {
	'04-service-list.png': 'editor.png',
	'05-nightly-sync-workflow.png': 'nightly-sync-workflow.png',
	'06-usage-output.png': 'usage-output.png',
};

const environment = node24Environment();
for (const [command, ...args] of [
	['npm', 'run', 'build'],
	['node', 'scripts/n8nRuntime.mjs', N8N_VERSION],
	['npm', 'run', 'jest', '--', 'test/e2e/editor.test.ts'],
]) {
	const step = spawnSync(command, args, { cwd: repositoryRoot, env: environment, stdio: 'inherit' });
	if (step.status !== 0) {
		console.error(`[screenshots] ${[command, ...args].join(' ')} failed: docs/ left as it was`);
		process.exit(1);
	}
}
for (const [screenshot, picture] of Object.entries(PUBLISHED)) {
	const source = path.join(screenshotFolder, screenshot);
	if (!existsSync(source)) {
		console.error(`[screenshots] the editor test left no ${screenshot} (is Chromium installed?): docs/ left as it was`);
		process.exit(1);
	}
	copyFileSync(source, path.join(repositoryRoot, 'docs', picture));
	console.log(`[screenshots] docs/${picture} ← artifacts/editor/${screenshot}`);
}
