import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { continueOrStop } from '../actions/outcomes';
import type { ItemFailure } from '../actions/types';
import { gradientText } from '../transport/errors';
import { gradientApiRequest } from '../transport';

export interface UnitCount {
	serviceId: string;
	accountId: string;
	unitCount: number;
}

export type CountResultKind = 'set' | 'unmapped' | 'failed';

export interface CountResult extends IDataObject {
	serviceId: string;
	accountId: string;
	unitCount: number;
	result: CountResultKind;
	httpStatus: number | null;
	message: string;
}

export interface CountToPush extends UnitCount {
	itemIndex: number;
}

async function postCount(
	context: IExecuteFunctions,
	count: CountToPush,
	partnerApiKey: string | undefined,
	rebuildBilling: boolean,
): Promise<CountResult> {
	const response = await gradientApiRequest<IDataObject>(
		context,
		{
			method: 'POST',
			path: `/api/vendor-api/service/${encodeURIComponent(count.serviceId)}/count`,
			qs: rebuildBilling ? {} : { no_build: true },
			body: { accountId: count.accountId, unitCount: count.unitCount },
			// Gradient: a 404 is normal whenever the MSP has not mapped this account or service yet.
			acceptStatuses: [404],
		},
		{ itemIndex: count.itemIndex, partnerApiKey },
	);
	return {
		serviceId: count.serviceId,
		accountId: count.accountId,
		unitCount: count.unitCount,
		result: response.statusCode === 404 ? 'unmapped' : 'set',
		httpStatus: response.statusCode,
		message: gradientText(response.body),
	};
}

function failedResult(count: CountToPush, error: ItemFailure): CountResult {
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

/**
 * Sets one partner's counts. Gradient rebuilds the partner's billing view after each call
 * without `no_build`, so only the last call of the batch goes without it. If that last call
 * did not land (unmapped, failed), the last count that did is sent again without `no_build`:
 * setting is idempotent and the rebuild then sees every count.
 *
 * Without "continue on fail" the first failure stops the node; with it, failures become
 * `result: "failed"`. A 403 (Gradient suspects misuse) fails the rest of the partner's counts
 * without sending them.
 */
export async function pushPartnerCounts(
	context: IExecuteFunctions,
	counts: CountToPush[],
	partnerApiKey: string | undefined,
): Promise<CountResult[]> {
	const results: CountResult[] = [];
	let blockedBy: ItemFailure | undefined;
	for (const [position, count] of counts.entries()) {
		if (blockedBy) {
			results.push(failedResult(count, blockedBy));
			continue;
		}
		try {
			results.push(await postCount(context, count, partnerApiKey, position === counts.length - 1));
		} catch (error) {
			const failure = continueOrStop(context, error);
			if (failure instanceof NodeApiError && failure.httpCode === '403') blockedBy = failure;
			results.push(failedResult(count, failure));
		}
	}

	const last = results[results.length - 1];
	if (last && last.result !== 'set' && !blockedBy) {
		const lastSetPosition = results.map((result) => result.result).lastIndexOf('set');
		if (lastSetPosition >= 0) {
			try {
				await postCount(context, counts[lastSetPosition], partnerApiKey, true);
			} catch (error) {
				const failure = continueOrStop(context, error);
				results[lastSetPosition].message = `Count set, but the billing rebuild request failed: ${failure.message}`;
			}
		}
	}
	return results;
}
