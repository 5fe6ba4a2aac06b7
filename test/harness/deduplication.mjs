// n8n's deduplication store as n8n's CLI keeps it (its DeduplicationHelper on the
// processed_data table), held in memory for the in-process harness: one record per workflow and
// context ('n:<node id>' for the node scope), values kept as md5 hashes in base64, `entries`
// mode only (the modes the node under test uses), `maxEntries` keeping the newest.
import { createHash } from 'node:crypto';

import { core } from './runtime.mjs';

const records = new Map();

const hashOf = (value) => createHash('md5').update(value.toString()).digest('base64');

function contextOf(scope, { node }) {
	if (scope === 'node') {
		if (!node) throw new Error("No node information has been provided and so cannot use scope 'node'");
		return `n:${node.id}`;
	}
	return '';
}

function recordKey(scope, contextData) {
	if (!contextData.workflow.id) throw new Error('the deduplication store needs a workflow id');
	return `${contextData.workflow.id}|${contextOf(scope, contextData)}`;
}

function assertEntriesMode(options) {
	if (options.mode !== 'entries') throw new Error(`the harness's deduplication store plays the 'entries' mode only, not '${options.mode}'`);
}

const deduplicator = {
	async checkProcessedAndRecord(items, scope, contextData, options) {
		assertEntriesMode(options);
		const key = recordKey(scope, contextData);
		const stored = records.get(key);
		const hashes = items.map(hashOf);
		if (!stored) {
			records.set(key, options.maxEntries ? hashes.slice(-options.maxEntries) : hashes);
			return { new: items, processed: [] };
		}
		const known = new Set(stored);
		const result = { new: [], processed: [] };
		hashes.forEach((hash, index) => {
			if (known.has(hash)) result.processed.push(items[index]);
			else {
				result.new.push(items[index]);
				stored.push(hash);
			}
		});
		if (options.maxEntries) stored.splice(0, stored.length - options.maxEntries);
		return result;
	},
	async removeProcessed(items, scope, contextData, options) {
		assertEntriesMode(options);
		const stored = records.get(recordKey(scope, contextData));
		if (!stored) return;
		const removed = new Set(items.map(hashOf));
		records.set(recordKey(scope, contextData), stored.filter((hash) => !removed.has(hash)));
	},
	async clearAllProcessedItems(scope, contextData) {
		records.delete(recordKey(scope, contextData));
	},
	async getProcessedDataCount(scope, contextData, options) {
		assertEntriesMode(options);
		return records.get(recordKey(scope, contextData))?.length ?? 0;
	},
};

let initialized = false;

/** Hands the store to n8n-core, once per process. */
export async function useDeduplicationStore() {
	if (initialized) return;
	initialized = true;
	await core.DataDeduplicationService.init(deduplicator);
}

/** What the store holds for a workflow's node: the hashes, newest last. */
export function deduplicationRecord(workflowId, nodeId) {
	return [...(records.get(`${workflowId}|n:${nodeId}`) ?? [])];
}

/** Forgets everything, as a fresh database would. */
export function clearDeduplicationStore() {
	records.clear();
}
