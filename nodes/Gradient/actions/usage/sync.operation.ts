import { NodeOperationError } from 'n8n-workflow';

import type { ItemFailure } from '../../api/failures';
import type { VendorSku } from '../../api/models';
import type { UpsertResult } from '../../api/records';
import { ACCOUNTS, upsertRecords } from '../../api/records';
import { fetchServices } from '../../api/services';
import type { CountToPush } from '../../api/unitCounts';
import { failedCount, pushPartnerCounts } from '../../api/unitCounts';
import type { ItemRequest, PartnerBatch } from '../../shared/items';
import { firstItemByKey, groupByPartner } from '../../shared/items';
import { requireId, requireText } from '../../shared/validation';
import { optionsCollection, requestTuningOptions } from '../common.descriptions';
import type { BatchOperation, ItemOutcome, ParameterRun, Run } from '../operation';
import type { UsageItem } from './fields';
import { readOrNull, readRequestSettings, readUnitCount, runRequestSettings, unitCountProperty, usageFailureJson } from './fields';

interface SyncRow {
	accountId: string;
	accountName: string;
	service: string;
	unitCount: number;
}

type SyncRequest = ItemRequest<UsageItem<SyncRow>>;

const SERVICE_FIELD = { label: 'Service', name: 'service' };
const ACCOUNT_ID_FIELD = { label: 'Account ID', name: 'accountId' };

function readAccountId(run: ParameterRun, itemIndex: number): string {
	return requireId(run.node, itemIndex, ACCOUNT_ID_FIELD, run.parameters.read(itemIndex, ACCOUNT_ID_FIELD.name));
}

/** The service of an item that failed here is not resolved: it may be a name. */
function readGiven(run: ParameterRun, itemIndex: number) {
	return {
		serviceId: null,
		accountId: readOrNull(() => readAccountId(run, itemIndex)),
		unitCount: readOrNull(() => readUnitCount(run, itemIndex)),
	};
}

/** An ID wins over a name; a name must match exactly one service. */
function resolveServiceId(run: Run, services: VendorSku[], request: SyncRequest): string {
	const { service } = request.parameters.row;
	if (services.some((sku) => sku.id === service)) return service;
	const named = services.filter((sku) => sku.name === service);
	if (named.length === 1) return named[0].id;
	const problem = named.length
		? `matches ${named.length} Gradient services named "${service}"; use the service ID instead`
		: `"${service}" is neither the ID nor the exact name of one of your Gradient services`;
	throw new NodeOperationError(run.node, `[item ${request.itemIndex}] ${SERVICE_FIELD.label} (${SERVICE_FIELD.name}) ${problem}`, {
		itemIndex: request.itemIndex,
		description: `Known services: ${services.map((sku) => `"${sku.name}"`).join(', ') || 'none'}.`,
	});
}

interface ResolvedRow {
	request: SyncRequest;
	serviceId: string;
}

type Outcomes = Map<SyncRequest, ItemOutcome>;

/**
 * Runs `work` as one task of the shared pool, its failure handed back as a value: thrown out
 * of a pool task it would stop every partner's work. Without Continue On Fail it still stops
 * the node.
 */
async function inPoolOrFailure<T>(run: Run, work: () => Promise<T>): Promise<T | ItemFailure> {
	return await run.client.pool.run(async () => {
		try {
			return await work();
		} catch (error) {
			return run.onFailure(error);
		}
	});
}

function failedRow(run: Run, request: SyncRequest, serviceId: string | null, error: unknown): ItemOutcome {
	const { accountId, unitCount } = request.parameters.row;
	return { json: failedCount({ serviceId, accountId, unitCount }, run.onFailure(error)) };
}

/**
 * Reads the partner's services and resolves each item's service. Run for every partner before
 * anything is written, so a service that does not resolve stops the node (without Continue On
 * Fail) before any account is created or count set.
 */
async function resolveServices(run: Run, batch: PartnerBatch<UsageItem<SyncRow>>, outcomes: Outcomes): Promise<ResolvedRow[]> {
	const scope = { partnerApiKey: batch.partnerApiKey, itemIndex: batch.requests[0].itemIndex };
	const services = await inPoolOrFailure(run, async () => await fetchServices(run.client, scope));
	const resolved: ResolvedRow[] = [];
	for (const request of batch.requests) {
		try {
			if (services instanceof Error) throw services;
			resolved.push({ request, serviceId: resolveServiceId(run, services, request) });
		} catch (error) {
			outcomes.set(request, failedRow(run, request, null, error));
		}
	}
	return resolved;
}

/** Creates the partner's missing accounts, renames changed ones, then sets every count. */
async function syncPartner(run: Run, partnerApiKey: string | undefined, rows: ResolvedRow[], outcomes: Outcomes) {
	if (rows.length === 0) return;
	const requests = rows.map(({ request }) => request);
	const firstItemByAccount = firstItemByKey(requests, ({ row }) => row.accountId);
	const accounts = await inPoolOrFailure(
		run,
		async () =>
			await upsertRecords(
				run.client,
				ACCOUNTS,
				requests.map(({ parameters: { row } }) => ({ id: row.accountId, name: row.accountName })),
				{ partnerApiKey, itemIndex: requests[0].itemIndex },
				(id) => ({ partnerApiKey, itemIndex: firstItemByAccount.get(id) }),
				run.onFailure,
			),
	);

	const ready: Array<{ request: SyncRequest; count: CountToPush; accountAction: string }> = [];
	for (const { request, serviceId } of rows) {
		const { accountId, unitCount } = request.parameters.row;
		// upsertRecords answers every ID it was given.
		const account = accounts instanceof Error ? accounts : (accounts.get(accountId) as UpsertResult | ItemFailure);
		if (account instanceof Error) {
			outcomes.set(request, failedRow(run, request, serviceId, account));
			continue;
		}
		ready.push({ request, count: { serviceId, accountId, unitCount, itemIndex: request.itemIndex }, accountAction: account.action });
	}

	const results = await pushPartnerCounts(run.client, ready.map(({ count }) => count), partnerApiKey, run.onFailure);
	ready.forEach(({ request, accountAction }, position) => outcomes.set(request, { json: { ...results[position], accountAction } }));
}

export const sync: BatchOperation<UsageItem<SyncRow>> = {
	value: 'sync',
	name: 'Sync',
	description: 'Create missing accounts, then set every unit count: the nightly sync in one step',
	action: 'Sync unit counts and create missing accounts',
	properties: [
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
	],
	readParameters: (run, itemIndex) => ({
		row: {
			accountId: readAccountId(run, itemIndex),
			accountName: requireText(run.node, itemIndex, { label: 'Account Name', name: 'accountName' }, run.parameters.read(itemIndex, 'accountName')),
			service: requireText(run.node, itemIndex, SERVICE_FIELD, run.parameters.read(itemIndex, 'service')).trim(),
			unitCount: readUnitCount(run, itemIndex),
		},
		settings: readRequestSettings(run, itemIndex),
	}),
	failureJson: usageFailureJson(readGiven),
	requestSettings: runRequestSettings,
	async executeBatch(run, requests) {
		const outcomes: Outcomes = new Map();
		const batches = groupByPartner(requests);
		const { pool } = run.client;
		const resolved = await pool.settle(batches.map(async (batch) => await resolveServices(run, batch, outcomes)));
		await pool.settle(batches.map(async (batch, position) => await syncPartner(run, batch.partnerApiKey, resolved[position], outcomes)));
		return requests.map((request) => outcomes.get(request) as ItemOutcome);
	},
};
