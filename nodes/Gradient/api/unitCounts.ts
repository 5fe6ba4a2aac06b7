import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { gradientText, isUnknownRoute, isUnknownVendor } from '../transport/answers';
import type { GradientClient } from '../transport/client';
import { apiErrorFromResponse } from '../transport/errors';
import type { GradientRequest } from '../transport/request';
import type { FailurePolicy, ItemFailure } from './failures';
import type { MappableRecord } from './models';
import { countServiceIdReading, partnerServiceNamed, partnerServicesIfListed } from './partnerServices';

export interface UnitCount {
	serviceId: string;
	accountId: string;
	unitCount: number;
}

type CountResultKind = 'set' | 'unmapped' | 'failed';

export type Nullable<T> = { [Key in keyof T]: T[Key] | null };

/** The usage output: what was sent (null where a failed item's value could not be read or resolved) and how it went. */
export interface CountResult extends IDataObject, Nullable<UnitCount> {
	result: CountResultKind;
	httpStatus: number | null;
	message: string;
}

export interface CountToPush extends UnitCount {
	itemIndex: number;
}

/**
 * Gradient answers a count with 404 whenever the MSP has not mapped the account or service
 * yet: normal, not an error. Other 404s must not pass as "unmapped", or a misconfigured sync
 * would report nothing wrong: no such route (NestJS's "Cannot POST ...", a wrong Base URL), no
 * vendor profile for the key, and any answer that is not Gradient's documented JSON error (a
 * proxy's or another host's page). Gradient's wording for the unmapped case is not published
 * beyond one example, so any other JSON message is read as unmapped.
 */
export function meansUnmapped(body: unknown): boolean {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
	const said = gradientText(body);
	return said !== '' && !isUnknownRoute(said) && !isUnknownVendor(said);
}

/** The request that sets one count; without `no_build` Gradient rebuilds the partner's billing after it. */
export function countRequest(count: UnitCount, rebuildBilling: boolean): GradientRequest {
	return {
		method: 'POST',
		path: `/api/vendor-api/service/${encodeURIComponent(count.serviceId)}/count`,
		qs: rebuildBilling ? {} : { no_build: true },
		body: { accountId: count.accountId, unitCount: count.unitCount },
		acceptStatuses: [404],
		notFoundHint: 'Gradient knows no such route or vendor: check the Base URL and the Vendor API Key in the credential.',
		// Setting replaces the count: sending it twice leaves the same value.
		retry: 'always',
	};
}

async function postCount(
	client: GradientClient,
	count: CountToPush,
	partnerApiKey: string | undefined,
	rebuildBilling: boolean,
): Promise<CountResult> {
	const scope = { itemIndex: count.itemIndex, partnerApiKey };
	const request = countRequest(count, rebuildBilling);
	const response = await client.request<IDataObject>(request, scope);
	const unmapped = response.statusCode === 404;
	if (unmapped && !meansUnmapped(response.body)) throw apiErrorFromResponse(client.node, response, request, scope);
	return {
		serviceId: count.serviceId,
		accountId: count.accountId,
		unitCount: count.unitCount,
		result: unmapped ? 'unmapped' : 'set',
		httpStatus: response.statusCode,
		message: gradientText(response.body),
	};
}

/** A usage item that failed keeps the usage output's shape. */
export function failedCount(count: Nullable<UnitCount>, error: ItemFailure): CountResult {
	const httpStatus = error instanceof NodeApiError && error.httpCode ? Number(error.httpCode) : null;
	return {
		serviceId: count.serviceId,
		accountId: count.accountId,
		unitCount: count.unitCount,
		result: 'failed',
		httpStatus: Number.isFinite(httpStatus) ? httpStatus : null,
		message: error.description ? `${error.message}: ${error.description}` : error.message,
	};
}

const pairOf = (count: UnitCount) => JSON.stringify([count.serviceId, count.accountId]);

/**
 * The count to send again so that billing is rebuilt: the last one set that no later item of
 * the run replaces. An earlier value of a pair whose later item failed could undo that item,
 * which Gradient may have applied before its answer was lost. -1 when there is none.
 */
export function countToSendAgain(counts: CountToPush[], results: CountResult[]): number {
	const laterPairs = new Set<string>();
	for (let position = counts.length - 1; position >= 0; position--) {
		const pair = pairOf(counts[position]);
		if (results[position].result === 'set' && !laterPairs.has(pair)) return position;
		laterPairs.add(pair);
	}
	return -1;
}

/**
 * Two items setting the same account and service must land in input order, or a concurrent
 * run could leave the earlier value: each waits for the one before it.
 */
function inInputOrderPerPair(counts: CountToPush[], setCount: (count: CountToPush) => Promise<CountResult>) {
	const previousByPair = new Map<string, Promise<unknown>>();
	return counts.map((count) => {
		const pair = pairOf(count);
		const previous = previousByPair.get(pair);
		const result = previous ? previous.then(() => setCount(count)) : setCount(count);
		previousByPair.set(pair, result.catch(() => undefined));
		return result;
	});
}

/**
 * Sets one partner's counts, concurrently through the execution's pool. Gradient rebuilds the
 * partner's billing view after each call without `no_build`, so only the last call goes
 * without it, and only once every other call of the partner has settled: the one rebuild then
 * sees every count. If that last call did not land (unmapped, failed), the last count that did,
 * and that no later item replaces, is sent again without `no_build`: setting is idempotent.
 *
 * A failure becomes `result: "failed"`, or stops the run, as `onFailure` decides. After a 403 (Gradient suspects misuse) the transport sends nothing more
 * for the partner, so its remaining counts fail with that reason.
 */
export async function pushPartnerCounts(
	client: GradientClient,
	counts: CountToPush[],
	partnerApiKey: string | undefined,
	onFailure: FailurePolicy,
): Promise<CountResult[]> {
	if (counts.length === 0) return [];
	const { pool } = client;
	const setCount = async (count: CountToPush, rebuildBilling: boolean) =>
		await pool.run(async () => {
			try {
				return await postCount(client, count, partnerApiKey, rebuildBilling);
			} catch (error) {
				return failedCount(count, onFailure(error));
			}
		}, partnerApiKey);

	const results = await pool.settle(inInputOrderPerPair(counts.slice(0, -1), async (count) => await setCount(count, false)));
	results.push(await setCount(counts[counts.length - 1], true));

	const last = results[results.length - 1];
	if (last.result !== 'set') {
		const sendAgainAt = countToSendAgain(counts, results);
		if (sendAgainAt >= 0) {
			await pool.run(async () => {
				try {
					await postCount(client, counts[sendAgainAt], partnerApiKey, true);
				} catch (error) {
					const failure = onFailure(error);
					results[sendAgainAt].message = `Count set, but the billing rebuild request failed: ${failure.message}`;
				}
			}, partnerApiKey);
		}
	}
	return results;
}

/**
 * A partner service whose every count came back 404 may be named by the other ID than the one
 * Gradient wants (which one it wants is undocumented): each of its counts then says which ID it
 * was sent with. The partner's services are read only for that, when not already at hand.
 */
export async function explainUnmappedPartnerServices(
	client: GradientClient,
	counts: CountToPush[],
	results: CountResult[],
	partnerApiKey: string | undefined,
	partnerServices?: MappableRecord[],
): Promise<void> {
	const positionsByService = new Map<string, number[]>();
	counts.forEach((count, position) => positionsByService.set(count.serviceId, [...(positionsByService.get(count.serviceId) ?? []), position]));
	const unmappedServices = [...positionsByService].filter(([, positions]) => positions.every((position) => results[position].result === 'unmapped'));
	if (unmappedServices.length === 0) return;
	const scope = { partnerApiKey, itemIndex: counts[unmappedServices[0][1][0]].itemIndex };
	// Only an explanation: the counts' outcomes stand whether or not the list can be read.
	const services =
		partnerServices ?? (await client.pool.run(async () => await partnerServicesIfListed(client, scope).catch(() => undefined), partnerApiKey));
	if (!services) return;
	for (const [serviceId, positions] of unmappedServices) {
		const service = partnerServiceNamed(services, serviceId);
		if (!service) continue;
		const reading = countServiceIdReading(service, serviceId);
		for (const position of positions) results[position].message = [results[position].message, reading].filter(Boolean).join(' ');
	}
}
