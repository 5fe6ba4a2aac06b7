import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { GradientClient } from '../transport/client';
import { unexpectedAnswer, withNote } from '../transport/errors';
import type { PartnerScope } from '../transport/request';
import { mayHaveTakenEffect } from '../transport/retry';
import { BULK_CREATE_MAX_BYTES, RECORDS_PER_BULK_CREATE } from '../tuning';
import type { FailurePolicy, ItemFailure } from './failures';
import type { MappableRecord } from './models';

/**
 * Accounts and partner services behave alike in Gradient: records the vendor names by its own
 * IDs, created in bulk, updated one by one, mapped by the MSP.
 */
export interface RecordKind {
	noun: string;
	path: string;
	idsQuery: string;
	/** What a 404 on one record means and how to fix it. */
	notFoundHint: string;
	/** What a 404 on the whole list means: no record is named there. */
	listNotFoundHint: string;
	/** What it means when Gradient does not serve the list at all. */
	listUnknownRouteHint?: string;
}

export const ACCOUNTS: RecordKind = {
	noun: 'account',
	path: '/api/vendor-api/organization/accounts',
	idsQuery: 'accountIds',
	notFoundHint:
		"This partner has no account with this ID. Create it first (Account → Create, or Create or Update); note that Gradient deletes a partner's accounts when the MSP disconnects the integration.",
	listNotFoundHint: 'Gradient does not know the accounts route: check the Base URL in the credential.',
};

export const PARTNER_SERVICES: RecordKind = {
	noun: 'partner service',
	path: '/api/vendor-api/organization/services',
	idsQuery: 'serviceIds',
	notFoundHint: 'This partner has no service with this ID. Create it first with Partner Service → Create.',
	listNotFoundHint: 'Gradient does not know the partner services list: check the Base URL in the credential.',
	listUnknownRouteHint:
		"Gradient does not know the partner services list: check the Base URL in the credential. If it is right, Gradient has dropped this route (it is in its 2023 SDK, not in later specs).",
};

export interface RecordFields extends IDataObject {
	id: string;
	name: string;
	description?: string;
}

/** Which records a list keeps: those the MSP mapped, or those it has not mapped yet. */
export type MappingFilter = 'mapped' | 'unmapped';

/**
 * Whether the MSP mapped the record. Gradient's public reference shows no mapping field; its SDK
 * and later specs give `isMapped`, and `mappingId` once mapped. Either one saying so counts.
 */
export function isMapped(record: MappableRecord): boolean {
	return record.isMapped === true || (typeof record.mappingId === 'string' && record.mappingId !== '');
}

function saysWhetherMapped(record: MappableRecord): boolean {
	return typeof record.isMapped === 'boolean' || 'mappingId' in record;
}

/**
 * The partner's records, with Gradient's own filters. Its filters are undocumented, so they are
 * applied again here; and a list whose records carry no mapping field at all cannot be filtered
 * on mapping: that fails instead of passing every record, or none, for mapped.
 */
export async function listRecords(
	client: GradientClient,
	kind: RecordKind,
	scope: PartnerScope,
	filters: { ids?: string[]; mapping?: MappingFilter } = {},
): Promise<MappableRecord[]> {
	const qs: IDataObject = {};
	if (filters.ids?.length) qs[kind.idsQuery] = filters.ids;
	if (filters.mapping === 'mapped') qs.returnUnmapped = false;
	const response = await client.request<MappableRecord[]>(
		{ method: 'GET', path: kind.path, qs, notFoundHint: kind.listNotFoundHint, unknownRouteHint: kind.listUnknownRouteHint },
		scope,
	);
	const wantedIds = filters.ids?.length ? new Set(filters.ids) : undefined;
	const records = wantedIds ? response.body.filter((record) => wantedIds.has(record.id)) : response.body;
	if (!filters.mapping) return records;
	if (records.length && !records.some(saysWhetherMapped)) {
		throw unexpectedAnswer(
			client.node,
			scope,
			`Gradient's ${kind.noun}s say nothing about mapping`,
			`None of the ${records.length} ${kind.noun}s Gradient listed carries isMapped or a mappingId, so mapped and unmapped ones cannot be told apart. Gradient's public reference shows neither field; its SDK and later specs do.`,
		);
	}
	return records.filter((record) => isMapped(record) === (filters.mapping === 'mapped'));
}

function isConflict(error: unknown): boolean {
	return error instanceof NodeApiError && String(error.httpCode) === '409';
}

/**
 * Creates one bulk of records. A create must not be sent twice: when Gradient failed on its
 * side or its answer was lost, it may have created some of them, so the list is read and only
 * the records still missing are sent again, as many rounds as the execution allows tries. A
 * 409 to such a re-send means a lost request landed after that read: the list is read again.
 */
async function createBulk(
	client: GradientClient,
	kind: RecordKind,
	records: RecordFields[],
	scope: PartnerScope,
): Promise<MappableRecord[]> {
	const alreadyThere: MappableRecord[] = [];
	let missing = records;
	for (let round = 1; ; round++) {
		const attempt = await client.request<MappableRecord[]>({ method: 'POST', path: kind.path, body: missing }, scope).then(
			(response) => ({ response }),
			(error: unknown) => ({ error }),
		);
		if ('response' in attempt) {
			const created = new Map(attempt.response.body.map((record) => [record.id, record]));
			return [...alreadyThere, ...missing.map((record) => created.get(record.id) ?? { ...record })];
		}
		const landedLate = round > 1 && isConflict(attempt.error);
		if (!(landedLate || mayHaveTakenEffect(attempt.error)) || round >= client.settings.maxAttempts) throw attempt.error;

		const existing = new Map((await listAfterLostAnswer(client, kind, scope, attempt.error)).map((record) => [record.id, record]));
		for (const record of missing) {
			const found = existing.get(record.id);
			if (found) alreadyThere.push(found);
		}
		missing = missing.filter((record) => !existing.has(record.id));
		if (missing.length === 0) return alreadyThere;
	}
}

/**
 * What exists after a create whose answer was lost. If that cannot be read either (the
 * partner services list is itself undocumented), the create's own error is the one to report.
 */
async function listAfterLostAnswer(client: GradientClient, kind: RecordKind, scope: PartnerScope, createError: unknown) {
	try {
		return await listRecords(client, kind, scope);
	} catch (readError) {
		throw withNote(
			createError as NodeApiError,
			`Gradient may have created some of these ${kind.noun}s; reading back what exists failed too: ${(readError as Error).message}.`,
		);
	}
}

/** The records in order, cut into bulks of at most RECORDS_PER_BULK_CREATE records and BULK_CREATE_MAX_BYTES of JSON. */
export function bulksOf(records: RecordFields[]): RecordFields[][] {
	const bulks: RecordFields[][] = [];
	let bulk: RecordFields[] = [];
	let bulkBytes = 2;
	for (const record of records) {
		const recordBytes = Buffer.byteLength(JSON.stringify(record)) + 1;
		if (bulk.length === RECORDS_PER_BULK_CREATE || (bulk.length > 0 && bulkBytes + recordBytes > BULK_CREATE_MAX_BYTES)) {
			bulks.push(bulk);
			bulk = [];
			bulkBytes = 2;
		}
		bulk.push(record);
		bulkBytes += recordBytes;
	}
	if (bulk.length > 0) bulks.push(bulk);
	return bulks;
}

/**
 * Creates records in as few requests as Gradient's body limit allows. Answers per ID: the
 * record Gradient created, or the error of the request that carried it, as `onFailure` decides.
 * A failure that stops the run stops it here: creating later bulks behind it would leave
 * records the run reports nothing about.
 */
export async function createRecords(
	client: GradientClient,
	kind: RecordKind,
	records: RecordFields[],
	scopeForId: (id: string) => PartnerScope,
	onFailure: FailurePolicy,
): Promise<Map<string, MappableRecord | ItemFailure>> {
	const results = new Map<string, MappableRecord | ItemFailure>();
	for (const bulk of bulksOf(records.map(withoutUndefined))) {
		try {
			for (const record of await createBulk(client, kind, bulk, scopeForId(bulk[0].id))) results.set(record.id, record);
		} catch (error) {
			const failure = onFailure(error);
			for (const record of bulk) results.set(record.id, failure);
		}
	}
	return results;
}

export async function updateRecord(
	client: GradientClient,
	kind: RecordKind,
	id: string,
	changes: IDataObject,
	scope: PartnerScope,
): Promise<MappableRecord> {
	const response = await client.request<MappableRecord>(
		{ method: 'PATCH', path: `${kind.path}/${encodeURIComponent(id)}`, body: changes, notFoundHint: kind.notFoundHint },
		scope,
	);
	return response.body;
}

export function changedRecordFields(existing: MappableRecord, wanted: RecordFields): IDataObject {
	const changes: IDataObject = {};
	if (existing.name !== wanted.name) changes.name = wanted.name;
	if (wanted.description !== undefined && (existing.description ?? '') !== wanted.description) {
		changes.description = wanted.description;
	}
	return changes;
}

type UpsertAction = 'created' | 'updated' | 'unchanged';

export interface UpsertResult {
	record: MappableRecord;
	action: UpsertAction;
}

/**
 * One read, one bulk create of what is missing, one update per record that differs. Where
 * several wanted records share an ID, they merge in order: each field takes the last value
 * given, and all of them share the result. Answers per ID: the result, or the error that ID
 * met, as `onFailure` decides; a failure that stops the run stops it before the next request.
 */
export async function upsertRecords(
	client: GradientClient,
	kind: RecordKind,
	wantedRecords: RecordFields[],
	scope: PartnerScope,
	scopeForId: (id: string) => PartnerScope,
	onFailure: FailurePolicy,
): Promise<Map<string, UpsertResult | ItemFailure>> {
	const wantedById = new Map<string, RecordFields>();
	for (const wanted of wantedRecords) {
		const earlier = wantedById.get(wanted.id);
		wantedById.set(wanted.id, {
			...wanted,
			description: wanted.description ?? earlier?.description,
		});
	}

	const results = new Map<string, UpsertResult | ItemFailure>();
	const existingById = new Map((await listRecords(client, kind, scope)).map((record) => [record.id, record]));

	const missing = [...wantedById.values()].filter((wanted) => !existingById.has(wanted.id));
	for (const [id, created] of await createRecords(client, kind, missing, scopeForId, onFailure)) {
		results.set(id, created instanceof Error ? created : { record: created, action: 'created' });
	}

	for (const [id, wanted] of wantedById) {
		const existing = existingById.get(id);
		if (!existing) continue;
		const changes = changedRecordFields(existing, wanted);
		if (Object.keys(changes).length === 0) {
			results.set(id, { record: existing, action: 'unchanged' });
			continue;
		}
		try {
			results.set(id, { record: await updateRecord(client, kind, id, changes, scopeForId(id)), action: 'updated' });
		} catch (error) {
			results.set(id, onFailure(error));
		}
	}
	return results;
}

function withoutUndefined(record: RecordFields): RecordFields {
	return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as RecordFields;
}
