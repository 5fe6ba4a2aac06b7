import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { hasParameter, isFixedParameter, readItemParameter } from '../../helpers/itemParameters';
import { TaskPool } from '../../helpers/taskPool';
import type { Nullable, UnitCount } from '../../helpers/unitCounts';
import { failedCount } from '../../helpers/unitCounts';
import { requirePositiveInteger, requireUnitCount } from '../../helpers/validation';
import { DEFAULT_CONCURRENCY, DEFAULT_MAX_ATTEMPTS, DEFAULT_REQUESTS_PER_SECOND, MAX_RATE_LIMITED_WAIT_MS, REQUEST_TIMEOUT_MS } from '../../tuning';
import { useRequestSettings } from '../../transport';
import type { ItemFailure, ItemRequest } from '../types';

const UNIT_COUNT_FIELD = { label: 'Unit Count', name: 'unitCount' };

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

const TUNING_FIELDS = {
	requestsPerSecond: { label: 'Requests Per Second', name: 'options.requestsPerSecond' },
	concurrency: { label: 'Concurrency', name: 'options.concurrency' },
	maxAttempts: { label: 'Max Attempts', name: 'options.maxAttempts' },
	timeout: { label: 'Request Timeout', name: 'options.timeout' },
};

interface RunTuning {
	requestsPerSecond: number;
	concurrency: number;
	maxAttempts: number;
	timeoutMs: number;
}

// Options without expressions are the same for every item: read and checked once per run.
// Keyed on n8n's context object, which lives exactly as long as one node execution.
const fixedTuningByRun = new WeakMap<IExecuteFunctions, RunTuning>();

/**
 * The run's pace and retries as one item gives them. Read for every item while items are
 * checked, so that an item whose option is bad (an expression answering 0, say) fails alone,
 * naming itself and the option, before anything is sent.
 */
export function readRunTuning(context: IExecuteFunctions, itemIndex: number): RunTuning {
	const fixed = fixedTuningByRun.get(context);
	if (fixed) return fixed;
	const setting = (field: { label: string; name: string }, fallback: number) => {
		if (!hasParameter(context, field.name)) return fallback;
		return requirePositiveInteger(context, itemIndex, field, readItemParameter(context, itemIndex, field.name));
	};
	const tuning = {
		requestsPerSecond: setting(TUNING_FIELDS.requestsPerSecond, DEFAULT_REQUESTS_PER_SECOND),
		concurrency: setting(TUNING_FIELDS.concurrency, DEFAULT_CONCURRENCY),
		maxAttempts: setting(TUNING_FIELDS.maxAttempts, DEFAULT_MAX_ATTEMPTS),
		timeoutMs: setting(TUNING_FIELDS.timeout, REQUEST_TIMEOUT_MS),
	};
	if (Object.values(TUNING_FIELDS).every((field) => isFixedParameter(context, field.name))) fixedTuningByRun.set(context, tuning);
	return tuning;
}

/**
 * Sets how this run paces and retries its requests and answers the pool they share. One vendor
 * key means one rate limit, so these are one setting for the whole run, read from its first
 * item that passed the checks.
 */
export function startUsageRun(context: IExecuteFunctions, requests: Array<ItemRequest<unknown>>): TaskPool {
	const { concurrency, ...settings } = readRunTuning(context, requests[0]?.itemIndex ?? 0);
	useRequestSettings(context, { ...settings, rateLimitedWaitMs: MAX_RATE_LIMITED_WAIT_MS });
	return new TaskPool(concurrency);
}
