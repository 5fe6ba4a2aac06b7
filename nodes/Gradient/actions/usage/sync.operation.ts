import { NodeOperationError } from 'n8n-workflow';

import type { ItemFailure } from '../../api/failures';
import type { MappableRecord, VendorSku } from '../../api/models';
import { countServiceId, partnerServiceNamed, partnerServicesIfListed } from '../../api/partnerServices';
import type { UpsertResult } from '../../api/records';
import { ACCOUNTS, upsertRecords } from '../../api/records';
import { fetchServices } from '../../api/services';
import type { CountToPush } from '../../api/unitCounts';
import { failedCount } from '../../api/unitCounts';
import type { ItemRequest, PartnerBatch, RejectedItem } from '../../shared/items';
import { firstItemByKey, groupByPartner, rejectedOf } from '../../shared/items';
import { requireId, requireText } from '../../shared/validation';
import { optionsCollection, requestTuningOptions } from '../common.descriptions';
import type { BatchOperation, ItemOutcome, ParameterRun, Run } from '../operation';
import type { UsageItem } from './fields';
import {
	readMemoryOptions,
	readOrNull,
	readRequestSettings,
	readUnitCount,
	runRequestSettings,
	skipUnchangedOptions,
	unitCountProperty,
	usageFailureJson,
	withPreviousCount,
	zeroMissingOption,
} from './fields';
import type { UsageMemory } from './memory';
import { isMemoryOn, withUsageMemory } from './memory';
import { setPartnerCounts } from './partnerCounts';

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

/** What an item's Service may name: the vendor's services, and the partner's own where Gradient lists them. */
interface KnownServices {
	vendor: VendorSku[];
	/** undefined until needed, or when Gradient does not list them. */
	partner?: MappableRecord[];
}

/** The service ID to send for a given ID or exact name, or an error saying why there is none. */
function serviceIdOrProblem(given: string, services: KnownServices): string | { problem: string } {
	if (services.vendor.some((sku) => sku.id === given)) return given;
	const vendorNamed = services.vendor.filter((sku) => sku.name === given);
	if (vendorNamed.length === 1) return vendorNamed[0].id;
	const partnerService = services.partner && partnerServiceNamed(services.partner, given);
	if (vendorNamed.length === 0 && partnerService) return countServiceId(partnerService);
	const partnerNamed = services.partner?.filter((service) => service.name === given) ?? [];
	if (vendorNamed.length === 0 && partnerNamed.length === 1) return countServiceId(partnerNamed[0]);
	const named = vendorNamed.length + partnerNamed.length;
	return {
		problem: named
			? `matches ${named} Gradient services named "${given}"; use the service ID instead`
			: `"${given}" is neither the ID nor the exact name of one of your Gradient services`,
	};
}

/** An ID wins over a name; a name must match exactly one service. */
function resolveServiceId(run: Run, services: KnownServices, request: SyncRequest): string {
	const resolved = serviceIdOrProblem(request.parameters.row.service, services);
	if (typeof resolved === 'string') return resolved;
	const known = [...services.vendor, ...(services.partner ?? [])].map((service) => `"${service.name}"`);
	throw new NodeOperationError(run.node, `[item ${request.itemIndex}] ${SERVICE_FIELD.label} (${SERVICE_FIELD.name}) ${resolved.problem}`, {
		itemIndex: request.itemIndex,
		description: `Known services: ${known.join(', ') || 'none'}.`,
	});
}

interface ResolvedRow {
	request: SyncRequest;
	serviceId: string;
}

interface ResolvedPartner {
	rows: ResolvedRow[];
	partnerServices?: MappableRecord[];
}

type Outcomes = Map<SyncRequest, ItemOutcome>;

/**
 * Runs `work` as one task of the shared pool, its failure handed back as a value: thrown out
 * of a pool task it would stop every partner's work. Without Continue On Fail it still stops
 * the node.
 */
async function inPoolOrFailure<T>(run: Run, partnerApiKey: string | undefined, work: () => Promise<T>): Promise<T | ItemFailure> {
	return await run.client.pool.run(async () => {
		try {
			return await work();
		} catch (error) {
			return run.onFailure(error);
		}
	}, partnerApiKey);
}

function failedRow(run: Run, request: SyncRequest, serviceId: string | null, error: unknown, memory?: UsageMemory): ItemOutcome {
	const { accountId, unitCount } = request.parameters.row;
	const json = failedCount({ serviceId, accountId, unitCount }, run.onFailure(error));
	if (!isMemoryOn(request.parameters.memory)) return { json };
	const remembered = serviceId === null ? undefined : memory?.partner(request.partnerApiKey).recall(serviceId, accountId);
	return { json: withPreviousCount(json, remembered?.unitCount ?? null) };
}

/**
 * Reads the partner's services and resolves each item's service: the vendor's services first,
 * the partner's own only when an item names none of those. Run for every partner before
 * anything is written, so a service that does not resolve stops the node (without Continue On
 * Fail) before any account is created or count set.
 */
async function resolveServices(run: Run, batch: PartnerBatch<UsageItem<SyncRow>>, outcomes: Outcomes): Promise<ResolvedPartner> {
	const scope = { partnerApiKey: batch.partnerApiKey, itemIndex: batch.requests[0].itemIndex };
	const vendor = await inPoolOrFailure(run, batch.partnerApiKey, async () => await fetchServices(run.client, scope));
	const rows: ResolvedRow[] = [];
	if (vendor instanceof Error) {
		for (const request of batch.requests) outcomes.set(request, failedRow(run, request, null, vendor));
		return { rows };
	}
	const services: KnownServices = { vendor };
	let partnerListFailure: ItemFailure | undefined;
	if (batch.requests.some((request) => typeof serviceIdOrProblem(request.parameters.row.service, services) !== 'string')) {
		const partner = await inPoolOrFailure(run, batch.partnerApiKey, async () => await partnerServicesIfListed(run.client, scope));
		if (partner instanceof Error) partnerListFailure = partner;
		else services.partner = partner;
	}
	for (const request of batch.requests) {
		try {
			rows.push({ request, serviceId: resolveServiceId(run, services, request) });
		} catch (error) {
			// A name that is not a vendor service could be the partner's: if their list failed, that is why it did not resolve.
			outcomes.set(request, failedRow(run, request, null, partnerListFailure ?? error));
		}
	}
	return { rows, partnerServices: services.partner };
}

/** Creates the partner's missing accounts, renames changed ones, then sets every count. */
async function syncPartner(
	run: Run,
	batch: PartnerBatch<UsageItem<SyncRow>>,
	{ rows, partnerServices }: ResolvedPartner,
	outcomes: Outcomes,
	memory: UsageMemory | undefined,
	rejected: RejectedItem[],
) {
	if (rows.length === 0) return;
	const { partnerApiKey } = batch;
	const requests = rows.map(({ request }) => request);
	const firstItemByAccount = firstItemByKey(requests, ({ row }) => row.accountId);
	const accounts = await inPoolOrFailure(
		run,
		partnerApiKey,
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
			outcomes.set(request, failedRow(run, request, serviceId, account, memory));
			continue;
		}
		ready.push({ request, count: { serviceId, accountId, unitCount, itemIndex: request.itemIndex }, accountAction: account.action });
	}

	const actionOfAccount = new Map(ready.map(({ count, accountAction }) => [count.accountId, accountAction]));
	const partnerMemory = memory?.partner(partnerApiKey);
	const { results, zeroed } = await setPartnerCounts(run, {
		partnerApiKey,
		counts: ready.map(({ count }) => count),
		memory: partnerMemory,
		options: batch.requests[0].parameters.memory,
		// An account created now has no counts in Gradient, whatever the memory says.
		sendAnyway: (count) => actionOfAccount.get(count.accountId) === 'created',
		partnerServices,
		failedBeforeCounting: [...rejectedOf(rejected, partnerApiKey), ...batch.requests.filter((request) => outcomes.has(request)).map((request) => request.itemIndex)],
	});
	if (partnerMemory) memory?.learned(partnerMemory);
	ready.forEach(({ request, accountAction }, position) => outcomes.set(request, { json: { ...results[position], accountAction } }));
	const lastOutcome = outcomes.get(batch.requests[batch.requests.length - 1]);
	if (zeroed.length && lastOutcome && 'json' in lastOutcome) lastOutcome.afterInput = zeroed;
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
			description:
				"The service, by its Gradient ID or its exact name: a vendor service, or a service of this partner only (by the ID you gave it, its Gradient ID, or its name; it is sent by its Gradient ID when Gradient's list gives one)",
		},
		unitCountProperty,
		optionsCollection([...requestTuningOptions, ...skipUnchangedOptions, zeroMissingOption]),
	],
	readParameters: (run, itemIndex) => ({
		row: {
			accountId: readAccountId(run, itemIndex),
			accountName: requireText(run.node, itemIndex, { label: 'Account Name', name: 'accountName' }, run.parameters.read(itemIndex, 'accountName')),
			service: requireText(run.node, itemIndex, SERVICE_FIELD, run.parameters.read(itemIndex, 'service')).trim(),
			unitCount: readUnitCount(run, itemIndex),
		},
		settings: readRequestSettings(run, itemIndex),
		memory: readMemoryOptions(run, itemIndex),
	}),
	failureJson: usageFailureJson(readGiven),
	requestSettings: runRequestSettings,
	async executeBatch(run, requests, rejected) {
		const outcomes: Outcomes = new Map();
		const batches = groupByPartner(requests);
		const { pool } = run.client;
		const resolved = await pool.settle(batches.map(async (batch) => await resolveServices(run, batch, outcomes)));
		const options = requests[0].parameters.memory;
		await withUsageMemory(run, options, batches.map((batch) => batch.partnerApiKey), async (memory) => {
			await pool.settle(batches.map(async (batch, position) => await syncPartner(run, batch, resolved[position], outcomes, memory, rejected)));
		});
		return requests.map((request) => outcomes.get(request) as ItemOutcome);
	},
};
