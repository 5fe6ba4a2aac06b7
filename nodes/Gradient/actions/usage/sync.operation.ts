import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { readItemParameter } from '../../helpers/itemParameters';
import { groupByPartner } from '../../helpers/partners';
import type { UpsertResult } from '../../helpers/records';
import { ACCOUNTS, upsertRecords } from '../../helpers/records';
import { fetchServices } from '../../helpers/services';
import type { TaskPool } from '../../helpers/taskPool';
import type { CountToPush } from '../../helpers/unitCounts';
import { pushPartnerCounts } from '../../helpers/unitCounts';
import { requireId, requireText } from '../../helpers/validation';
import type { VendorSku } from '../../transport/types';
import { optionsCollection, requestTuningOptions } from '../common.descriptions';
import { failure } from '../outcomes';
import type { GradientOperation, ItemOutcome, ItemRequest } from '../types';
import { readUnitCount, startUsageRun, unitCountProperty, usageFailureJson } from './fields';

interface SyncRow {
	accountId: string;
	accountName: string;
	service: string;
	unitCount: number;
}

const SERVICE_FIELD = { label: 'Service', name: 'service' };

export const description = updateDisplayOptions({ show: { resource: ['usage'], operation: ['sync'] } }, [
	{
		displayName:
			'One item per account and service, straight from your data: missing accounts are created, renamed ones updated, then every count is set.',
		name: 'syncNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Account ID',
		name: 'accountId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.customerId }}',
		description: 'Your own ID for the customer',
	},
	{
		displayName: 'Account Name',
		name: 'accountName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.customerName }}',
		description: 'The customer name, used when the account has to be created or renamed',
	},
	{
		displayName: 'Service',
		name: 'service',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Cloud Backup - Server',
		description: 'The vendor service, by its Gradient ID or its exact name',
	},
	unitCountProperty,
	optionsCollection(requestTuningOptions),
]);

export function readParameters(this: IExecuteFunctions, itemIndex: number): SyncRow {
	return {
		accountId: requireId(this, itemIndex, { label: 'Account ID', name: 'accountId' }, readItemParameter(this, itemIndex, 'accountId')),
		accountName: requireText(this, itemIndex, { label: 'Account Name', name: 'accountName' }, readItemParameter(this, itemIndex, 'accountName')),
		service: requireText(this, itemIndex, SERVICE_FIELD, readItemParameter(this, itemIndex, 'service')).trim(),
		unitCount: readUnitCount(this, itemIndex),
	};
}

/** An ID wins over a name; a name must match exactly one service. */
function resolveServiceId(context: IExecuteFunctions, services: VendorSku[], request: ItemRequest<SyncRow>): string {
	const { service } = request.parameters;
	if (services.some((sku) => sku.id === service)) return service;
	const named = services.filter((sku) => sku.name === service);
	if (named.length === 1) return named[0].id;
	const problem = named.length
		? `matches ${named.length} Gradient services named "${service}"; use the service ID instead`
		: `"${service}" is neither the ID nor the exact name of one of your Gradient services`;
	throw new NodeOperationError(
		context.getNode(),
		`[item ${request.itemIndex}] ${SERVICE_FIELD.label} (${SERVICE_FIELD.name}) ${problem}`,
		{
			itemIndex: request.itemIndex,
			description: `Known services: ${services.map((sku) => `"${sku.name}"`).join(', ') || 'none'}.`,
		},
	);
}

async function syncPartner(
	context: IExecuteFunctions,
	pool: TaskPool,
	requests: Array<ItemRequest<SyncRow>>,
	partnerApiKey: string | undefined,
	outcomes: Map<ItemRequest<SyncRow>, ItemOutcome>,
) {
	const scope = { partnerApiKey, itemIndex: requests[0].itemIndex };
	const firstItemByAccount = new Map<string, number>();
	for (const request of requests) {
		if (!firstItemByAccount.has(request.parameters.accountId)) {
			firstItemByAccount.set(request.parameters.accountId, request.itemIndex);
		}
	}

	let accounts: Map<string, UpsertResult | Error>;
	let services: VendorSku[];
	try {
		// One after the other, one request at a time: a single task of the shared pool.
		({ services, accounts } = await pool.run(async () => ({
			services: await fetchServices(context, scope),
			accounts: await upsertRecords(
				context,
				ACCOUNTS,
				requests.map(({ parameters }) => ({ id: parameters.accountId, name: parameters.accountName })),
				scope,
				(id) => ({ partnerApiKey, itemIndex: firstItemByAccount.get(id) }),
			),
		})));
	} catch (error) {
		for (const request of requests) outcomes.set(request, failure(context, error));
		return;
	}

	const ready: Array<{ request: ItemRequest<SyncRow>; count: CountToPush; accountAction: string }> = [];
	for (const request of requests) {
		const { accountId, unitCount } = request.parameters;
		const account = accounts.get(accountId);
		try {
			if (account === undefined || account instanceof Error) throw account;
			const serviceId = resolveServiceId(context, services, request);
			ready.push({ request, count: { serviceId, accountId, unitCount, itemIndex: request.itemIndex }, accountAction: account.action });
		} catch (error) {
			outcomes.set(request, failure(context, error));
		}
	}

	const results = await pushPartnerCounts(context, pool, ready.map(({ count }) => count), partnerApiKey);
	ready.forEach(({ request, accountAction }, position) =>
		outcomes.set(request, { json: { ...results[position], accountAction } as IDataObject }),
	);
}

export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<SyncRow>>) {
	const pool = startUsageRun(this, requests);
	const outcomes = new Map<ItemRequest<SyncRow>, ItemOutcome>();
	await pool.settle(
		groupByPartner(requests).map(async (batch) => await syncPartner(this, pool, batch.requests, batch.partnerApiKey, outcomes)),
	);
	return requests.map((request) => outcomes.get(request) as ItemOutcome);
}

export const operation: GradientOperation<SyncRow> = {
	description,
	readParameters,
	execute,
	failureJson: usageFailureJson,
};
