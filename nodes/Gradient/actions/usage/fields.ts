import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ItemFailure } from '../../api/failures';
import type { Nullable, UnitCount } from '../../api/unitCounts';
import { failedCount } from '../../api/unitCounts';
import type { ItemRequest } from '../../shared/items';
import { requireOneOf, requirePositiveInteger, requireUnitCount } from '../../shared/validation';
import type { RateLimitScope, RequestSettings } from '../../transport/request';
import {
	DEFAULT_CONCURRENCY,
	DEFAULT_MAX_ATTEMPTS,
	DEFAULT_REQUESTS_PER_SECOND,
	MAX_RATE_LIMITED_WAIT_MS,
	REQUEST_TIMEOUT_MS,
} from '../../tuning';
import type { ParameterRun } from '../operation';

/** A usage item: what it sets, and the run's pace and retries as this item's options give them. */
export interface UsageItem<Row> {
	row: Row;
	settings: RequestSettings;
}

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

export function readUnitCount(run: ParameterRun, itemIndex: number): number {
	return requireUnitCount(run.node, itemIndex, UNIT_COUNT_FIELD, run.parameters.read(itemIndex, 'unitCount'));
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
export function usageFailureJson(readGiven: (run: ParameterRun, itemIndex: number) => Nullable<UnitCount>) {
	return (run: ParameterRun, error: ItemFailure, itemIndex: number): IDataObject => failedCount(readGiven(run, itemIndex), error);
}

const TUNING_FIELDS = {
	requestsPerSecond: { label: 'Requests Per Second', name: 'options.requestsPerSecond' },
	concurrency: { label: 'Concurrency', name: 'options.concurrency' },
	maxAttempts: { label: 'Max Attempts', name: 'options.maxAttempts' },
	timeout: { label: 'Request Timeout', name: 'options.timeout' },
	rateLimitScope: { label: 'Rate Limit Scope', name: 'options.rateLimitScope' },
};

const RATE_LIMIT_SCOPES: readonly RateLimitScope[] = ['vendor', 'partner'];

/**
 * The run's pace and retries as one item gives them. Read for every item while items are
 * checked, so that an item whose option is bad (an expression answering 0, say) fails alone,
 * naming itself and the option, before anything is sent.
 */
export function readRequestSettings(run: ParameterRun, itemIndex: number): RequestSettings {
	const setting = (field: { label: string; name: string }, fallback: number) => {
		if (!run.parameters.has(field.name)) return fallback;
		return requirePositiveInteger(run.node, itemIndex, field, run.parameters.read(itemIndex, field.name));
	};
	return {
		requestsPerSecond: setting(TUNING_FIELDS.requestsPerSecond, DEFAULT_REQUESTS_PER_SECOND),
		concurrency: setting(TUNING_FIELDS.concurrency, DEFAULT_CONCURRENCY),
		maxAttempts: setting(TUNING_FIELDS.maxAttempts, DEFAULT_MAX_ATTEMPTS),
		timeoutMs: setting(TUNING_FIELDS.timeout, REQUEST_TIMEOUT_MS),
		rateLimitedWaitMs: MAX_RATE_LIMITED_WAIT_MS,
		rateLimitScope: run.parameters.has(TUNING_FIELDS.rateLimitScope.name)
			? requireOneOf(run.node, itemIndex, TUNING_FIELDS.rateLimitScope, run.parameters.read(itemIndex, TUNING_FIELDS.rateLimitScope.name), RATE_LIMIT_SCOPES)
			: 'vendor',
	};
}

/**
 * One vendor key means one rate limit, so the whole run shares one setting: its first item's
 * that passed the checks.
 */
export function runRequestSettings<Row>(requests: Array<ItemRequest<UsageItem<Row>>>): RequestSettings {
	return requests[0].parameters.settings;
}
