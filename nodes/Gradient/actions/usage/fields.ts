import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readItemParameter } from '../../helpers/itemParameters';
import { TaskPool } from '../../helpers/taskPool';
import type { Nullable, UnitCount } from '../../helpers/unitCounts';
import { failedCount } from '../../helpers/unitCounts';
import { requirePositiveInteger, requireUnitCount } from '../../helpers/validation';
import { DEFAULT_CONCURRENCY, DEFAULT_MAX_ATTEMPTS, DEFAULT_REQUESTS_PER_SECOND, MAX_RATE_LIMITED_WAIT_MS, REQUEST_TIMEOUT_MS } from '../../tuning';
import { useRequestSettings } from '../../transport';
import type { ItemFailure, ItemRequest } from '../types';

export const UNIT_COUNT_FIELD = { label: 'Unit Count', name: 'unitCount' };

export const unitCountProperty: INodeProperties = {
	displayName: 'Unit Count',
	name: 'unitCount',
	type: 'number',
	required: true,
	default: 0,
	typeOptions: { minValue: 0 },
	description:
		'How many units of the service the account uses now (users, devices, GB, ...). Gradient replaces the previous count; decimals are allowed.',
};

export function readUnitCount(context: IExecuteFunctions, itemIndex: number): number {
	return requireUnitCount(context, itemIndex, UNIT_COUNT_FIELD, readItemParameter(context, itemIndex, 'unitCount'));
}

/**
 * A value of an item that failed, as far as it reads: null where it does not, which is what
 * the item's message is then about.
 */
export function readOrNull<T>(read: () => T): T | null {
	try {
		return read();
	} catch {
		return null;
	}
}

/** Usage items that fail before they are sent keep the usage output's shape. */
export function usageFailureJson(readGiven: (context: IExecuteFunctions, itemIndex: number) => Nullable<UnitCount>) {
	return (context: IExecuteFunctions, error: ItemFailure, itemIndex: number): IDataObject =>
		failedCount(readGiven(context, itemIndex), error);
}

/**
 * Sets how this run paces and retries its requests and answers the pool they share. One vendor
 * key means one rate limit, so these are one setting for the whole run, read from its first item.
 */
export function startUsageRun(context: IExecuteFunctions, requests: Array<ItemRequest<unknown>>): TaskPool {
	const itemIndex = requests[0]?.itemIndex ?? 0;
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const setting = (name: string, label: string, fallback: number) =>
		options[name] === undefined
			? fallback
			: requirePositiveInteger(context, itemIndex, { label, name: `options.${name}` }, options[name]);

	useRequestSettings(context, {
		requestsPerSecond: setting('requestsPerSecond', 'Requests Per Second', DEFAULT_REQUESTS_PER_SECOND),
		maxAttempts: setting('maxAttempts', 'Max Attempts', DEFAULT_MAX_ATTEMPTS),
		timeoutMs: setting('timeout', 'Request Timeout', REQUEST_TIMEOUT_MS),
		rateLimitedWaitMs: MAX_RATE_LIMITED_WAIT_MS,
	});
	return new TaskPool(setting('concurrency', 'Concurrency', DEFAULT_CONCURRENCY));
}
