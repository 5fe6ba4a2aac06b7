// What the scripts that load the package into n8n (npm run demo, bench, test:queue) share:
// building it, the workflow a measurement runs, and printing figures as Markdown tables.
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

/**
 * Start → Rows → the node under test, the shape of every measured workflow: the Rows node makes
 * the input (a Code node, or an HTTP Request node reading a vendor's rows night after night).
 */
export function measuredWorkflow({ id, name, rowsNode, nodeName, nodeUnderTest, staticData }) {
	const nodes = [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		{ name: 'Rows', ...rowsNode },
		{ name: nodeName, ...nodeUnderTest },
	].map((node, position) => ({ id: `${id}-${position}`, position: [position * 240, 0], ...node }));
	const to = (target) => ({ main: [[{ node: target, type: 'main', index: 0 }]] });
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes,
		connections: { Start: to('Rows'), Rows: to(nodeName) },
		...(staticData ? { staticData } : {}),
	};
}
