// What the scripts that load the package into n8n (npm run demo, bench, test:queue) share:
// building it, and printing figures as Markdown tables.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `npm run build`: the packed package is made of dist/, which must match the source measured. */
export function buildPackage() {
	const result = spawnSync('npm', ['run', 'build'], { cwd: repositoryRoot, stdio: ['ignore', 'ignore', 'inherit'] });
	if (result.status !== 0) throw new Error('npm run build failed');
}

export function markdownTable([header, ...body]) {
	return [header, header.map(() => '---'), ...body].map((row) => `| ${row.join(' | ')} |`).join('\n');
}
