// The runs of npm run bench that measure incremental usage sync (Skip Unchanged): the nightly
// pair (a full night, then one with a few counts changed) and the node's memory at 100,000
// pairs, its size and what loading and saving it costs, in the node and in n8n.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { measuredWorkflow } from './measurement.mjs';

const require = createRequire(import.meta.url);
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Start → Rows (HTTP Request) → the Gradient node: one workflow, so one node memory, night after night. */
export function rowsWorkflow({ id, name, rowsUrl, nodeUnderTest, nodeName, staticData }) {
	const rowsNode = { type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: rowsUrl, options: {} } };
	return measuredWorkflow({ id, name, rowsNode, nodeName, nodeUnderTest, staticData });
}

/** The second night's rows: one count in `changedEvery` changed, the rest as the first night. */
export function changedNight(rows, changedEvery) {
	return rows.map((row, index) => (index % changedEvery === 0 ? { ...row, unitCount: row.unitCount + 1000 } : row));
}

const hex24 = (number) => number.toString(16).padStart(24, '0');

/**
 * A memory of `pairs` pairs, as the node builds it: `partnerKeys.length` partners, ten services
 * each, accounts named as a vendor's customer IDs, counts with decimals. Built and measured with
 * the package's own compiled code, the n8n context reduced to what the memory reads.
 */
export async function measureMemory({ vendorApiKey, partnerKeys, pairs }) {
	const { UsageMemory } = require(path.join(repositoryRoot, 'dist/nodes/Gradient/actions/usage/memory.js'));
	const staticData = {};
	const run = {
		context: {
			getWorkflowStaticData: () => staticData,
			getNode: () => ({ name: 'memory bench' }),
			helpers: { checkProcessedAndRecord: async () => ({ new: [], processed: [] }) },
		},
		client: { credentials: async () => ({ vendorApiKey, partnerApiKey: '' }), now: () => Date.now() },
	};
	const perPartner = pairs / partnerKeys.length;
	const services = Array.from({ length: 10 }, (_, index) => hex24(0x64f0b0b0 + index));
	const built = await UsageMemory.open(run, partnerKeys);
	for (const partnerKey of partnerKeys) {
		const partner = built.partner(partnerKey);
		for (let index = 0; index < perPartner; index++) {
			partner.accepted(services[index % 10], `cust-${String(Math.floor(index / 10)).padStart(6, '0')}`, (index % 400) + (index % 4) / 4);
		}
		built.learned(partner);
	}
	const savingStartedAt = performance.now();
	built.save();
	const saveSeconds = (performance.now() - savingStartedAt) / 1000;
	const text = staticData.usageMemory;

	const loadingStartedAt = performance.now();
	const loaded = await UsageMemory.open(run, partnerKeys);
	let recalled = 0;
	for (const partnerKey of partnerKeys) {
		const partner = loaded.partner(partnerKey);
		for (let index = 0; index < perPartner; index++) {
			if (partner.recall(services[index % 10], `cust-${String(Math.floor(index / 10)).padStart(6, '0')}`)) recalled++;
		}
	}
	const loadSeconds = (performance.now() - loadingStartedAt) / 1000;
	if (recalled !== pairs) throw new Error(`the memory recalled ${recalled} of ${pairs} pairs`);
	return {
		text,
		bytes: Buffer.byteLength(text),
		// As n8n stores the static data: JSON, the memory's text escaped within it.
		storedBytes: Buffer.byteLength(JSON.stringify({ 'node:Node under test': { usageMemory: text } })),
		saveSeconds,
		loadSeconds,
	};
}

/**
 * The other place n8n lets a node keep something, measured instead of estimated: n8n's own
 * Remove Duplicates node keeping one entry per row (its pair and count) in n8n's deduplication
 * store, scoped to the node, as a memory built on that store would.
 */
export function deduplicationWorkflow({ id, name, rowsUrl, nodeName }) {
	const removeDuplicates = {
		type: 'n8n-nodes-base.removeDuplicates',
		typeVersion: 2,
		parameters: {
			operation: 'removeItemsSeenInPreviousExecutions',
			logic: 'removeItemsWithAlreadySeenKeyValues',
			dedupeValue: "={{ $json.accountId + '|' + $json.serviceId + '|' + $json.unitCount }}",
			options: { scope: 'node', historySize: 1_000_000 },
		},
	};
	return rowsWorkflow({ id, name, rowsUrl, nodeUnderTest: removeDuplicates, nodeName });
}

/** The entries and bytes n8n's deduplication store holds for a workflow, read with the sqlite3 of that n8n. */
export async function deduplicationStoreSize(instance, workflowId) {
	const sqlite3 = createRequire(path.join(path.dirname(path.dirname(instance.binary)), 'package.json'))('sqlite3');
	const database = new sqlite3.Database(path.join(instance.userFolder, '.n8n', 'database.sqlite'), sqlite3.OPEN_READONLY);
	try {
		const row = await new Promise((resolve, reject) =>
			database.get('SELECT value FROM processed_data WHERE workflowId = ?', [workflowId], (error, found) => (error ? reject(error) : resolve(found))),
		);
		if (!row) return { entries: 0, bytes: 0 };
		return { entries: JSON.parse(row.value).data.length, bytes: Buffer.byteLength(row.value) };
	} finally {
		database.close();
	}
}
