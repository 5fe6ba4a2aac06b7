import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ItemFailure } from '../../api/failures';
import type { Nullable, UnitCount } from '../../api/unitCounts';
import { failedCount } from '../../api/unitCounts';
import type { ItemRequest } from '../../shared/items';
import { invalidInput, requireOneOf, requirePositiveInteger, requireUnitCount } from '../../shared/validation';
import type { RateLimitScope, RequestSettings } from '../../transport/request';
import {
	DEFAULT_RESEND_AFTER_DAYS,
	DEFAULT_CONCURRENCY,
	DEFAULT_MAX_ATTEMPTS,
	DEFAULT_REQUESTS_PER_SECOND,
	MAX_RATE_LIMITED_WAIT_MS,
	REQUEST_TIMEOUT_MS,
} from '../../tuning';
import type { ParameterRun } from '../operation';
import type { MemoryOptions } from './memory';
import { isMemoryOn } from './memory';

/** A usage item: what it sets, and the run's pace, retries and memory as this item's options give them. */
export interface UsageItem<Row> {
	row: Row;
	settings: RequestSettings;
	memory: MemoryOptions;
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
	return (run: ParameterRun, error: ItemFailure, itemIndex: number): IDataObject => {
		const memory = readOrNull(() => readMemoryOptions(run, itemIndex));
		return withPreviousCount(failedCount(readGiven(run, itemIndex), error), memory && isMemoryOn(memory) ? null : undefined);
	};
}

/**
 * A usage output with `previousUnitCount` after the count, as the output has it whenever Skip
 * Unchanged or Zero Missing is on; `undefined`: the options are off, the field is left out.
 */
export function withPreviousCount(json: IDataObject, previousUnitCount: number | null | undefined): IDataObject {
	if (previousUnitCount === undefined) return json;
	const { serviceId, accountId, unitCount, ...rest } = json;
	return { serviceId, accountId, unitCount, previousUnitCount, ...rest };
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

const MEMORY_FIELDS = {
	skipUnchanged: { label: 'Skip Unchanged', name: 'options.skipUnchanged' },
	resendAfterDays: { label: 'Resend After Days', name: 'options.resendAfterDays' },
	zeroMissing: { label: 'Zero Missing', name: 'options.zeroMissing' },
};

/** Incremental sync as one item's options give it; the run takes its first item's, like its pace. */
export function readMemoryOptions(run: ParameterRun, itemIndex: number): MemoryOptions {
	const flag = (field: { label: string; name: string }) => {
		if (!run.parameters.has(field.name)) return false;
		const value = run.parameters.read(itemIndex, field.name);
		if (typeof value === 'boolean') return value;
		throw invalidInput(run.node, itemIndex, field, `must be true or false, got ${JSON.stringify(value)}`);
	};
	let resendAfterDays = DEFAULT_RESEND_AFTER_DAYS;
	if (run.parameters.has(MEMORY_FIELDS.resendAfterDays.name)) {
		const value = Number(run.parameters.read(itemIndex, MEMORY_FIELDS.resendAfterDays.name));
		if (!Number.isFinite(value) || value < 0) {
			throw invalidInput(run.node, itemIndex, MEMORY_FIELDS.resendAfterDays, 'must be a number of days, 0 or more');
		}
		resendAfterDays = value;
	}
	return { skipUnchanged: flag(MEMORY_FIELDS.skipUnchanged), resendAfterDays, zeroMissing: flag(MEMORY_FIELDS.zeroMissing) };
}

export const skipUnchangedOptions: INodeProperties[] = [
	{
		displayName: 'Skip Unchanged',
		name: 'skipUnchanged',
		type: 'boolean',
		default: false,
		description:
			"Whether to send only the counts that differ from the last count this node set for the same partner, account and service. Gradient cannot be asked what it holds, so the node remembers what it set (in the workflow's static data, never a key); it still sends counts Gradient did not take, counts older than Resend After Days, counts of accounts Gradient no longer lists, a pair the run's items give two different counts, and each partner's last item, so that billing is rebuilt. An editor test run is not remembered: the next run sends every count of the partners it touched once. In n8n's queue mode the memory carries over only when this node is in a sub-workflow called with Execute Workflow.",
	},
	{
		displayName: 'Resend After Days',
		name: 'resendAfterDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_RESEND_AFTER_DAYS,
		description: 'With Skip Unchanged, a count last sent longer ago than this is sent again even when it is unchanged',
	},
];

export const zeroMissingOption: INodeProperties = {
	displayName: 'Zero Missing',
	name: 'zeroMissing',
	type: 'boolean',
	default: false,
	description:
		"Whether to send a count of 0 for every account and service this node set for a partner in an earlier run that is missing from this run's items of that partner (a customer who left). Partners with no item in the run are left alone, and so is a partner one of whose items failed before its count was sent (its last item's message says so); a pair once zeroed is not sent again while it stays missing.",
};
