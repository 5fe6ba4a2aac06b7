import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { partnerApiKeyOption } from '../shared/partnerKey';
import { DEFAULT_CONCURRENCY, DEFAULT_MAX_ATTEMPTS, DEFAULT_REQUESTS_PER_SECOND, REQUEST_TIMEOUT_MS } from '../tuning';

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Gradient's own values (categories, statuses) as the options of a list. */
export function asOptions(values: readonly string[]): INodePropertyOptions[] {
	return values.map((value) => ({ name: capitalize(value), value }));
}

/** How a bulk run paces and retries its requests: the whole execution shares one setting, read from its first item. */
export const requestTuningOptions: INodeProperties[] = [
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: DEFAULT_CONCURRENCY,
		description:
			"How many requests may wait for Gradient's answer at once, across all partners of the run. Partners share them in turn, so a slow partner cannot hold them all.",
	},
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: DEFAULT_MAX_ATTEMPTS,
		description:
			'How many times a request may fail before its item fails, the first try included. Gradient errors (5xx), timeouts and dropped connections are retried with a growing wait; creates only after checking what exists. A rate limit (429) is not a failure: the request waits as Gradient asks, and the run slows down.',
	},
	{
		displayName: 'Request Timeout',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: REQUEST_TIMEOUT_MS,
		description: 'How long to wait for one answer from Gradient, in milliseconds, before counting the request as lost',
	},
	{
		displayName: 'Rate Limit Scope',
		name: 'rateLimitScope',
		type: 'options',
		default: 'vendor',
		description: 'What Requests Per Second covers. Gradient allows 100 requests a second but does not say per what.',
		options: [
			{
				name: 'Each Partner',
				value: 'partner',
				description:
					'Each partner of the run gets its own Requests Per Second: right when Gradient counts per partner key, and many times faster for many partners. If the limit turns out to be shared, 429s slow the run down; nothing is lost.',
			},
			{
				name: 'Whole Run',
				value: 'vendor',
				description: 'One Requests Per Second for all partners of the run together: safe when Gradient counts per vendor key',
			},
		],
	},
	{
		displayName: 'Requests Per Second',
		name: 'requestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_REQUESTS_PER_SECOND,
		description:
			'The most requests sent per second, for the whole run or for each partner (see Rate Limit Scope). Gradient allows 100 a second and answers "rate limit reached" beyond; on those answers the node slows down by itself.',
	},
];

/** Every operation has an Options collection that at least takes the per-item partner key. */
export function optionsCollection(extraOptions: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [partnerApiKeyOption, ...extraOptions].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** A vendor service; `searchListMethod` picks what its list offers. */
export function serviceLocator(overrides: Partial<INodeProperties> = {}, searchListMethod = 'searchServices'): INodeProperties {
	return {
		displayName: 'Service',
		name: 'serviceId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: "A vendor service (SKU). Its ID is the 24-character ID Gradient gave it, e.g. 64f0c2a1b3d4e5f6a7b8c9d0.",
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 64f0c2a1b3d4e5f6a7b8c9d0',
			},
		],
		...overrides,
	};
}

export function partnerServiceLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Partner Service',
		name: 'serviceId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'A service you created for this partner only, by the ID you gave it',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchPartnerServices', searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. backup-server' },
		],
		...overrides,
	};
}

export function accountLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Account',
		name: 'accountId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: "One of the partner's customer accounts, by the ID you gave it when creating it: your own customer or tenant ID, e.g. cust-1042",
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchAccounts', searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. cust-1042' },
		],
		...overrides,
	};
}

export function returnAllAndLimit(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}
