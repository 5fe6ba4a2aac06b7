import type { IDataObject } from 'n8n-workflow';

import type { MappableRecord } from '../../api/models';
import { ACCOUNTS, listRecords } from '../../api/records';
import type { CountResult, CountToPush } from '../../api/unitCounts';
import { explainUnmappedPartnerServices, pushPartnerCounts } from '../../api/unitCounts';
import type { Run } from '../operation';
import { withPreviousCount } from './fields';
import type { MemoryOptions, PartnerMemory } from './memory';
import { pairKey } from './memory';

/** What became of one partner's counts: one result per count given, and the zero counts sent after them. */
export interface PartnerCountResults {
	results: IDataObject[];
	zeroed: IDataObject[];
}

export interface PartnerCounts {
	partnerApiKey: string | undefined;
	counts: CountToPush[];
	/** The partner's memory, when Skip Unchanged or Zero Missing is on. */
	memory?: PartnerMemory;
	options: MemoryOptions;
	/** Counts the memory must not skip: accounts Gradient does not list, or that Sync just created. */
	sendAnyway(count: CountToPush): boolean;
	/** The partner's own services, where already read, to explain counts that all came back unmapped. */
	partnerServices?: MappableRecord[];
	/**
	 * Items that may be the partner's and failed before their counts were sent. Zero Missing
	 * then zeroes nothing: a pair such an item names cannot be told from a pair that left.
	 */
	failedBeforeCounting?: number[];
}

function unchanged(count: CountToPush, previousUnitCount: number, setAt: Date): IDataObject {
	const { serviceId, accountId, unitCount } = count;
	return withPreviousCount(
		{ serviceId, accountId, unitCount, result: 'unchanged', httpStatus: null, message: `Unchanged since it was set on ${setAt.toISOString()}` },
		previousUnitCount,
	);
}

function withPrevious(result: CountResult, previousUnitCount: number | null, kind: string = result.result): IDataObject {
	return withPreviousCount({ ...result, result: kind }, previousUnitCount);
}

/**
 * Pairs the run's items give different counts: which one Gradient ends with is known only once
 * they are sent, so none of them is taken as unchanged.
 */
function pairsGivenDifferentCounts(counts: CountToPush[]): Set<string> {
	const countOfPair = new Map<string, number>();
	const varying = new Set<string>();
	for (const { serviceId, accountId, unitCount } of counts) {
		const pair = pairKey(serviceId, accountId);
		const earlier = countOfPair.get(pair);
		if (earlier !== undefined && earlier !== unitCount) varying.add(pair);
		countOfPair.set(pair, unitCount);
	}
	return varying;
}

const MEMORY_NOT_TRUSTED =
	"Skip Unchanged sent every count of this partner: an earlier run started from the same memory and n8n saved nothing after it (an editor test run, a run that died or overlapped this one, or a process n8n does not give the workflow's static data, as n8n 2.x in queue mode does not give it to workers).";

function zeroesHeldBack(pairs: number, failedItems: number[]): string {
	const inOrder = [...failedItems].sort((left, right) => left - right);
	const items = inOrder.length === 1 ? `item ${inOrder[0]}` : `items ${inOrder.join(', ')}`;
	return (
		`Zero Missing sent no 0 for the ${pairs} remembered pair${pairs === 1 ? '' : 's'} this run's items leave out: ` +
		`${items} failed before ${failedItems.length === 1 ? 'its count was' : 'their counts were'} sent, and a pair left out cannot be told from a pair whose item failed. ` +
		'The next run whose items all get through zeroes them.'
	);
}

/**
 * Sets one partner's counts. Without memory, every count. With it: with Skip Unchanged only the
 * counts the memory does not show Gradient holding (never a pair the items give two counts);
 * with Zero Missing also a 0 for each pair the memory holds that the items no longer name,
 * unless an item of the partner failed before counting. The partner's last item is always sent, last
 * and without `no_build`, so that Gradient rebuilds the partner's billing once, after all the
 * others. What Gradient took is remembered; what it did not is forgotten, to be sent again.
 */
export async function setPartnerCounts(run: Run, partner: PartnerCounts): Promise<PartnerCountResults> {
	const { counts, memory, options, partnerApiKey } = partner;
	if (counts.length === 0) return { results: [], zeroed: [] };
	if (!memory) {
		const results = await pushPartnerCounts(run.client, counts, partnerApiKey, run.onFailure);
		await explainUnmappedPartnerServices(run.client, counts, results, partnerApiKey, partner.partnerServices);
		return { results, zeroed: [] };
	}

	const last = counts[counts.length - 1];
	const varying = pairsGivenDifferentCounts(counts);
	const toSend: CountToPush[] = [];
	const outputs: Array<IDataObject | undefined> = counts.map((count) => {
		const remembered = memory.recall(count.serviceId, count.accountId);
		const skip =
			count !== last &&
			options.skipUnchanged &&
			!varying.has(pairKey(count.serviceId, count.accountId)) &&
			!partner.sendAnyway(count) &&
			memory.holds(count.serviceId, count.accountId, count.unitCount, options.resendAfterDays);
		if (skip && remembered) return unchanged(count, remembered.unitCount, remembered.setAt);
		if (count !== last) toSend.push(count);
		return undefined;
	});

	const named = new Set(counts.map((count) => pairKey(count.serviceId, count.accountId)));
	const missing = options.zeroMissing
		? memory
				.missingFrom(named)
				// A 0 the memory holds is not sent again, unless the memory cannot be trusted.
				.filter(({ remembered }) => remembered.unitCount !== 0 || !memory.trusted)
				.map(({ serviceId, accountId, remembered }) => ({
					count: { serviceId, accountId, unitCount: 0, itemIndex: last.itemIndex },
					previousUnitCount: remembered.unitCount,
				}))
		: [];
	const failedBefore = partner.failedBeforeCounting ?? [];
	const zeros = failedBefore.length ? [] : missing;
	const sent = [...toSend, ...zeros.map(({ count }) => count), last];
	const results = await pushPartnerCounts(run.client, sent, partnerApiKey, run.onFailure);
	await explainUnmappedPartnerServices(run.client, sent, results, partnerApiKey, partner.partnerServices);
	const notes = [
		...(options.skipUnchanged && !memory.trusted ? [MEMORY_NOT_TRUSTED] : []),
		...(zeros.length < missing.length ? [zeroesHeldBack(missing.length, failedBefore)] : []),
	];
	const lastResult = results[results.length - 1];
	lastResult.message = [lastResult.message, ...notes].filter(Boolean).join(' ');

	sent.forEach((count, position) => {
		if (results[position].result === 'set') memory.accepted(count.serviceId, count.accountId, count.unitCount);
		else memory.notAccepted(count.serviceId, count.accountId);
	});

	const resultOf = new Map(sent.map((count, position) => [count, results[position]]));
	return {
		results: counts.map((count, position) => {
			const done = outputs[position];
			if (done) return done;
			const previous = memory.recall(count.serviceId, count.accountId)?.unitCount ?? null;
			return withPrevious(resultOf.get(count) as CountResult, previous);
		}),
		zeroed: zeros.map(({ count, previousUnitCount }) => {
			const result = resultOf.get(count) as CountResult;
			return withPrevious(result, previousUnitCount, result.result === 'set' ? 'zeroed' : result.result);
		}),
	};
}

/**
 * The IDs of the accounts Gradient lists for the partner, or undefined when it will not list
 * them: then no count is taken for unchanged, since the memory cannot be checked against them.
 * Whatever the list's failure, sending every count is safe; one that matters (keys refused, a
 * 403, Gradient down) fails the counts too, each with its own message.
 */
export async function listedAccountIds(run: Run, partnerApiKey: string | undefined, itemIndex: number): Promise<Set<string> | undefined> {
	return await run.client.pool.run(async () => {
		try {
			const accounts = await listRecords(run.client, ACCOUNTS, { partnerApiKey, itemIndex });
			return new Set(accounts.map((account) => account.id));
		} catch {
			return undefined;
		}
	}, partnerApiKey);
}
