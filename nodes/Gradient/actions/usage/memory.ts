import { createHash, randomUUID } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MEMORY_FORGET_AFTER_DAYS, MEMORY_JOURNAL_ENTRIES } from '../../tuning';
import type { Run } from '../operation';

/*
 * What the node remembers of the counts it set, for Skip Unchanged and Zero Missing.
 *
 * Gradient cannot be asked which count it holds, so only the node can know what it set. The
 * memory lives in the workflow's static data of this node: n8n saves it at the end of every
 * execution that is not an editor test run, also when the execution fails. A queue-mode worker
 * of n8n 2.x starts a new execution without it and saves it all the same; only a sub-workflow,
 * which the worker loads from the database, brings it along (docs/scaling.md). Without it the
 * run-start marks below make the next run distrust the memory: every count is sent, none is
 * wrongly skipped. It is one text, not nested objects: n8n wraps every nested object of
 * the static data in a proxy each time it loads the workflow, which at 100,000 pairs would cost
 * every execution of the workflow, not only this node's.
 *
 * Static data is saved only at the end of an execution. An execution that dies after sending
 * saves nothing: the memory then tells of counts from before it, and a count sent back to an
 * earlier value would be skipped though Gradient holds another. So before sending anything for
 * a partner, the run writes to n8n's deduplication store (written at once, by call) that it
 * starts from this memory's generation. A later run that finds that mark for the generation it
 * reads knows an earlier run started from the same memory and did not save after it (it died,
 * was an editor test run, or overlaps this one): it trusts nothing of that partner's memory and
 * sends every count once.
 */

/** Gradient's count and when the node set it (minutes since 1970), per account, per service. */
type Pairs = Record<string, Record<string, [count: number, setAtMinute: number]>>;

interface PartnerRecord {
	/** Changes with every save: a run started from it and not saved after shows in the journal. */
	generation: string;
	/** When a run last touched this partner, to forget partners no run serves any more. */
	touchedAtMinute: number;
	pairs: Pairs;
}

interface StoredMemory {
	format: 1;
	partners: Record<string, PartnerRecord>;
}

const STATIC_DATA_KEY = 'usageMemory';
const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;

export interface MemoryOptions {
	skipUnchanged: boolean;
	/** With Skip Unchanged: a count set longer ago than this is sent again. */
	resendAfterDays: number;
	/** Sync only: a remembered pair missing from the partner's items gets a count of 0. */
	zeroMissing: boolean;
}

export const isMemoryOn = (options: MemoryOptions) => options.skipUnchanged || options.zeroMissing;

/** A count the memory holds for a pair. */
export interface Remembered {
	unitCount: number;
	setAt: Date;
}

/**
 * Names the partner integration in the memory without holding a key: a one-way digest of the
 * vendor and partner keys, so another vendor key or a regenerated partner key is another memory.
 */
export function partnerMemoryId(vendorApiKey: string, partnerApiKey: string): string {
	return createHash('sha256').update(`gradient usage memory\u0000${vendorApiKey}\u0000${partnerApiKey}`).digest('hex').slice(0, 32);
}

function emptyMemory(): StoredMemory {
	return { format: 1, partners: {} };
}

/** The stored text, or an empty memory for a text this version cannot read (its pairs are then sent again). */
export function parseMemory(text: unknown): StoredMemory {
	if (typeof text !== 'string') return emptyMemory();
	try {
		const parsed = JSON.parse(text) as StoredMemory;
		return parsed?.format === 1 && typeof parsed.partners === 'object' && parsed.partners !== null ? parsed : emptyMemory();
	} catch {
		return emptyMemory();
	}
}

/** One partner's memory for one run: what it recalls, and what the run teaches it. */
export class PartnerMemory {
	private readonly pairs: Pairs;

	constructor(
		readonly id: string,
		private readonly stored: PartnerRecord | undefined,
		/** False when an earlier run started from this memory and did not save after it. */
		readonly trusted: boolean,
		private readonly nowMinute: number,
	) {
		this.pairs = JSON.parse(JSON.stringify(stored?.pairs ?? {})) as Pairs;
	}

	recall(serviceId: string, accountId: string): Remembered | undefined {
		const pair = this.stored?.pairs[serviceId]?.[accountId];
		return pair && { unitCount: pair[0], setAt: new Date(pair[1] * MINUTE_MS) };
	}

	/** Whether Gradient holds this count by what the memory knows, set within `days`. */
	holds(serviceId: string, accountId: string, unitCount: number, days: number): boolean {
		const remembered = this.recall(serviceId, accountId);
		if (!this.trusted || !remembered || remembered.unitCount !== unitCount) return false;
		return this.nowMinute - remembered.setAt.getTime() / MINUTE_MS <= days * DAY_MINUTES;
	}

	/** The remembered pairs that none of the run's items names, with their counts. */
	missingFrom(present: Set<string>): Array<{ serviceId: string; accountId: string; remembered: Remembered }> {
		const missing = [];
		for (const [serviceId, accounts] of Object.entries(this.stored?.pairs ?? {})) {
			for (const accountId of Object.keys(accounts)) {
				if (present.has(pairKey(serviceId, accountId))) continue;
				missing.push({ serviceId, accountId, remembered: this.recall(serviceId, accountId) as Remembered });
			}
		}
		return missing;
	}

	/** Gradient took this count: remember it. */
	accepted(serviceId: string, accountId: string, unitCount: number): void {
		(this.pairs[serviceId] ??= {})[accountId] = [unitCount, this.nowMinute];
	}

	/** Gradient did not take this count (unmapped, failed): forget the pair, so it is sent again. */
	notAccepted(serviceId: string, accountId: string): void {
		const accounts = this.pairs[serviceId];
		if (!accounts) return;
		delete accounts[accountId];
		if (Object.keys(accounts).length === 0) delete this.pairs[serviceId];
	}

	/** What the memory holds once the run is over: pairs not set for a long time are forgotten. */
	toRecord(): PartnerRecord {
		const forgetBefore = this.nowMinute - MEMORY_FORGET_AFTER_DAYS * DAY_MINUTES;
		for (const [serviceId, accounts] of Object.entries(this.pairs)) {
			for (const [accountId, [, setAtMinute]] of Object.entries(accounts)) {
				if (setAtMinute < forgetBefore) delete accounts[accountId];
			}
			if (Object.keys(accounts).length === 0) delete this.pairs[serviceId];
		}
		return { generation: randomUUID(), touchedAtMinute: this.nowMinute, pairs: this.pairs };
	}
}

export const pairKey = (serviceId: string, accountId: string) => `${serviceId}\u0000${accountId}`;

/** n8n's deduplication helper, as far as the memory uses it; absent from n8n releases before it. */
interface DeduplicationHelpers {
	checkProcessedAndRecord?: (
		items: string[],
		scope: 'node',
		options: { mode: 'entries'; maxEntries: number },
	) => Promise<{ new: unknown[]; processed: unknown[] }>;
}

/**
 * The memory of the node for one run. Opened before anything is sent: it marks, in n8n's
 * deduplication store, that this run starts from each partner's current generation.
 */
export class UsageMemory {
	private constructor(
		private readonly context: IExecuteFunctions,
		private readonly stored: StoredMemory,
		private readonly partnersByKey: Map<string | undefined, PartnerMemory>,
		private readonly nowMinute: number,
	) {}

	/** `partnerApiKeys`: the run's partners, undefined for the credential's. */
	static async open(run: Run, partnerApiKeys: Array<string | undefined>): Promise<UsageMemory> {
		const { context, client } = run;
		const credentials = await client.credentials();
		const idOf = (partnerApiKey: string | undefined) =>
			partnerMemoryId(String(credentials.vendorApiKey ?? '').trim(), (partnerApiKey ?? String(credentials.partnerApiKey ?? '')).trim());
		const stored = parseMemory(context.getWorkflowStaticData('node')[STATIC_DATA_KEY]);
		const nowMinute = Math.floor(client.now() / MINUTE_MS);
		const ids = partnerApiKeys.map(idOf);
		const marks = ids.map((id) => `${id}:${stored.partners[id]?.generation ?? 'none'}`);
		const startedBefore = await UsageMemory.markRunStart(context, marks);
		const partners = new Map(
			partnerApiKeys.map((partnerApiKey, position) => [
				partnerApiKey,
				new PartnerMemory(ids[position], stored.partners[ids[position]], !startedBefore.has(marks[position]), nowMinute),
			]),
		);
		return new UsageMemory(context, stored, partners, nowMinute);
	}

	/** Records the marks; answers those an earlier run had recorded already. */
	private static async markRunStart(context: IExecuteFunctions, marks: string[]): Promise<Set<string>> {
		const { checkProcessedAndRecord } = context.helpers as unknown as DeduplicationHelpers;
		if (!checkProcessedAndRecord) {
			throw new NodeOperationError(context.getNode(), "Skip Unchanged and Zero Missing need n8n's deduplication store", {
				description: 'This n8n does not offer it to nodes; update n8n, or turn the two options off.',
			});
		}
		const checked = await checkProcessedAndRecord.call(context, marks, 'node', { mode: 'entries', maxEntries: MEMORY_JOURNAL_ENTRIES });
		return new Set(checked.processed.map(String));
	}

	/** The memory of the partner with this key (undefined: the credential's). */
	partner(partnerApiKey: string | undefined): PartnerMemory {
		return this.partnersByKey.get(partnerApiKey) as PartnerMemory;
	}

	/** What the run taught one partner's memory, kept until the run saves. */
	learned(partner: PartnerMemory): void {
		this.stored.partners[partner.id] = partner.toRecord();
	}

	/**
	 * Hands the memory to n8n, which saves it at the end of the execution. Called also when the
	 * run stops on an error: partners whose counts all settled keep what they learned; the others
	 * keep their earlier memory, which the journal marks as not to be trusted.
	 */
	save(): void {
		const forgetBefore = this.nowMinute - MEMORY_FORGET_AFTER_DAYS * DAY_MINUTES;
		for (const [id, record] of Object.entries(this.stored.partners)) {
			if (record.touchedAtMinute < forgetBefore) delete this.stored.partners[id];
		}
		this.context.getWorkflowStaticData('node')[STATIC_DATA_KEY] = JSON.stringify(this.stored);
	}
}

/**
 * Runs a usage run's work with the node's memory when either option is on: opened (and the run's
 * start marked) before anything is sent, handed to n8n to save when the work ends, also on an error.
 */
export async function withUsageMemory<T>(
	run: Run,
	options: MemoryOptions,
	partnerApiKeys: Array<string | undefined>,
	work: (memory: UsageMemory | undefined) => Promise<T>,
): Promise<T> {
	if (!isMemoryOn(options)) return await work(undefined);
	const memory = await UsageMemory.open(run, partnerApiKeys);
	try {
		return await work(memory);
	} finally {
		memory.save();
	}
}
