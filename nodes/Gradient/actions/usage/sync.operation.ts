import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { readItemParameter } from '../../helpers/itemParameters';
import type { PartnerBatch } from '../../helpers/partners';
import { groupByPartner } from '../../helpers/partners';
import type { UpsertResult } from '../../helpers/records';
import { ACCOUNTS, upsertRecords } from '../../helpers/records';
import { fetchServices } from '../../helpers/services';
import type { TaskPool } from '../../helpers/taskPool';
import type { CountToPush } from '../../helpers/unitCounts';
import { failedCount, pushPartnerCounts } from '../../helpers/unitCounts';
import { requireId, requireText } from '../../helpers/validation';
import type { VendorSku } from '../../transport/types';
import { optionsCollection, requestTuningOptions } from '../common.descriptions';
import { continueOrStop } from '../outcomes';
import type { GradientOperation, ItemFailure, ItemOutcome, ItemRequest } from '../types';
import { readOrNull, readRunTuning, readUnitCount, startUsageRun, unitCountProperty, usageFailureJson } from './fields';

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
		description: 'Your own ID for the customer, e.g. cust-1042 or a tenant domain',
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

const ACCOUNT_ID_FIELD = { label: 'Account ID', name: 'accountId' };

function readAccountId(context: IExecuteFunctions, itemIndex: number): string {
	return requireId(context, itemIndex, ACCOUNT_ID_FIELD, readItemParameter(context, itemIndex, ACCOUNT_ID_FIELD.name));
}

export function readParameters(this: IExecuteFunctions, itemIndex: number): SyncRow {
	const row = {
		accountId: readAccountId(this, itemIndex),
		accountName: requireText(this, itemIndex, { label: 'Account Name', name: 'accountName' }, readItemParameter(this, itemIndex, 'accountName')),
		service: requireText(this, itemIndex, SERVICE_FIELD, readItemParameter(this, itemIndex, 'service')).trim(),
		unitCount: readUnitCount(this, itemIndex),
	};
	readRunTuning(this, itemIndex);
	return row;
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

/** The service of an item that failed here is not resolved: it may be a name. */
function readGiven(context: IExecuteFunctions, itemIndex: number) {
	return {
		serviceId: null,
		accountId: readOrNull(() => readAccountId(context, itemIndex)),
		unitCount: readOrNull(() => readUnitCount(context, itemIndex)),
	};
}

interface ResolvedRow {
	request: ItemRequest<SyncRow>;
	serviceId: string;
}

/**
 * Runs `work` as one task of the shared pool, its failure handed back as a value: thrown out
 * of a pool task it would stop every partner's work. Without "continue on fail" it still stops
 * the node.
 */
async function inPoolOrFailure<T>(context: IExecuteFunctions, pool: TaskPool, work: () => Promise<T>): Promise<T | ItemFailure> {
	return await pool.run(async () => {
		try {
			return await work();
		} catch (error) {
			return continueOrStop(context, error);
		}
	});
}

function failedRow(context: IExecuteFunctions, request: ItemRequest<SyncRow>, serviceId: string | null, error: unknown): ItemOutcome {
	const { accountId, unitCount } = request.parameters;
	return { json: failedCount({ serviceId, accountId, unitCount }, continueOrStop(context, error)) };
}

/**
 * Reads the partner's services and resolves each item's service. Run for every partner before
 * anything is written, so a service that does not resolve stops the node (without "continue
 * on fail") before any account is created or count set.
 */
async function resolveServices(
	context: IExecuteFunctions,
	pool: TaskPool,
	batch: PartnerBatch<SyncRow>,
	outcomes: Map<ItemRequest<SyncRow>, ItemOutcome>,
): Promise<ResolvedRow[]> {
	const scope = { partnerApiKey: batch.partnerApiKey, itemIndex: batch.requests[0].itemIndex };
	const services = await inPoolOrFailure(context, pool, async () => await fetchServices(context, scope));
	const resolved: ResolvedRow[] = [];
	for (const request of batch.requests) {
		try {
			if (services instanceof Error) throw services;
			resolved.push({ request, serviceId: resolveServiceId(context, services, request) });
		} catch (error) {
			outcomes.set(request, failedRow(context, request, null, error));
		}
	}
	return resolved;
}

/** Creates the partner's missing accounts, renames changed ones, then sets every count. */
async function syncPartner(
	context: IExecuteFunctions,
	pool: TaskPool,
	partnerApiKey: string | undefined,
	rows: ResolvedRow[],
	outcomes: Map<ItemRequest<SyncRow>, ItemOutcome>,
) {
	if (rows.length === 0) return;
	const firstItemByAccount = new Map<string, number>();
	for (const { request } of rows) {
		if (!firstItemByAccount.has(request.parameters.accountId)) {
			firstItemByAccount.set(request.parameters.accountId, request.itemIndex);
		}
	}
	const accounts = await inPoolOrFailure(
		context,
		pool,
		async () =>
			await upsertRecords(
				context,
				ACCOUNTS,
				rows.map(({ request: { parameters } }) => ({ id: parameters.accountId, name: parameters.accountName })),
				{ partnerApiKey, itemIndex: rows[0].request.itemIndex },
				(id) => ({ partnerApiKey, itemIndex: firstItemByAccount.get(id) }),
			),
	);

	const ready: Array<{ request: ItemRequest<SyncRow>; count: CountToPush; accountAction: string }> = [];
	for (const { request, serviceId } of rows) {
		const { accountId, unitCount } = request.parameters;
		// upsertRecords answers every ID it was given.
		const account = accounts instanceof Error ? accounts : (accounts.get(accountId) as UpsertResult | Error);
		if (account instanceof Error) {
			outcomes.set(request, failedRow(context, request, serviceId, account));
			continue;
		}
		ready.push({ request, count: { serviceId, accountId, unitCount, itemIndex: request.itemIndex }, accountAction: account.action });
	}

	const results = await pushPartnerCounts(context, pool, ready.map(({ count }) => count), partnerApiKey);
	ready.forEach(({ request, accountAction }, position) => outcomes.set(request, { json: { ...results[position], accountAction } }));
}

export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<SyncRow>>) {
	const pool = startUsageRun(this, requests);
	const outcomes = new Map<ItemRequest<SyncRow>, ItemOutcome>();
	const batches = groupByPartner(requests);
	const resolved = await pool.settle(batches.map(async (batch) => await resolveServices(this, pool, batch, outcomes)));
	await pool.settle(
		batches.map(async (batch, position) => await syncPartner(this, pool, batch.partnerApiKey, resolved[position], outcomes)),
	);
	return requests.map((request) => outcomes.get(request) as ItemOutcome);
}

export const operation: GradientOperation<SyncRow> = {
	description,
	readParameters,
	execute,
	failureJson: usageFailureJson(readGiven),
};
