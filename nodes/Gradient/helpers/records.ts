import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { continueOrStop } from '../actions/outcomes';
import type { GradientContext, PartnerScope } from '../transport';
import { gradientApiRequest, requestSettingsOf } from '../transport';
import { mayHaveTakenEffect } from '../transport/retry';
import type { MappableRecord } from '../transport/types';
import { BULK_CREATE_MAX_BYTES, RECORDS_PER_BULK_CREATE } from '../tuning';

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
	// This list route is in Gradient's 2023 SDK but not in later specs.
	listNotFoundHint:
		"Gradient does not know the partner services list: check the Base URL in the credential. If it is right, Gradient has dropped this route (it is in its 2023 SDK, not in later specs).",
};

export interface RecordFields extends IDataObject {
	id: string;
	name: string;
	description?: string;
}

export async function listRecords(
	context: GradientContext,
	kind: RecordKind,
	scope: PartnerScope,
	filters: { ids?: string[]; mappedOnly?: boolean } = {},
): Promise<MappableRecord[]> {
	const qs: IDataObject = {};
	if (filters.ids?.length) qs[kind.idsQuery] = filters.ids;
	if (filters.mappedOnly) qs.returnUnmapped = false;
	const response = await gradientApiRequest<MappableRecord[]>(
		context,
		{ method: 'GET', path: kind.path, qs, notFoundHint: kind.listNotFoundHint },
		scope,
	);
	return response.body;
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
	context: IExecuteFunctions,
	kind: RecordKind,
	records: RecordFields[],
	scope: PartnerScope,
): Promise<MappableRecord[]> {
	const alreadyThere: MappableRecord[] = [];
	let missing = records;
	for (let round = 1; ; round++) {
		const attempt = await gradientApiRequest<MappableRecord[]>(context, { method: 'POST', path: kind.path, body: missing }, scope).then(
			(response) => ({ response }),
			(error: unknown) => ({ error }),
		);
		if ('response' in attempt) {
			const created = new Map(attempt.response.body.map((record) => [record.id, record]));
			return [...alreadyThere, ...missing.map((record) => created.get(record.id) ?? { ...record })];
		}
		const landedLate = round > 1 && isConflict(attempt.error);
		if (!(landedLate || mayHaveTakenEffect(attempt.error)) || round >= requestSettingsOf(context).maxAttempts) throw attempt.error;

		const existing = new Map((await listRecords(context, kind, scope)).map((record) => [record.id, record]));
		for (const record of missing) {
			const found = existing.get(record.id);
			if (found) alreadyThere.push(found);
		}
		missing = missing.filter((record) => !existing.has(record.id));
		if (missing.length === 0) return alreadyThere;
	}
}

/** The records in order, cut into bulks of at most RECORDS_PER_BULK_CREATE records and BULK_CREATE_MAX_BYTES of JSON. */
function bulksOf(records: RecordFields[]): RecordFields[][] {
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
 * record Gradient created, or (with "continue on fail") the error of the request that carried it.
 */
export async function createRecords(
	context: IExecuteFunctions,
	kind: RecordKind,
	records: RecordFields[],
	scopeForId: (id: string) => PartnerScope,
): Promise<Map<string, MappableRecord | Error>> {
	const results = new Map<string, MappableRecord | Error>();
	for (const chunk of bulksOf(records.map(withoutUndefined))) {
		try {
			for (const record of await createBulk(context, kind, chunk, scopeForId(chunk[0].id))) results.set(record.id, record);
		} catch (error) {
			// Without "continue on fail" this error stops the node here: creating later chunks
			// behind it would leave records the run reports nothing about.
			const failure = continueOrStop(context, error);
			for (const record of chunk) results.set(record.id, failure);
		}
	}
	return results;
}

export async function updateRecord(
	context: IExecuteFunctions,
	kind: RecordKind,
	id: string,
	changes: IDataObject,
	scope: PartnerScope,
): Promise<MappableRecord> {
	const response = await gradientApiRequest<MappableRecord>(
		context,
		{ method: 'PATCH', path: `${kind.path}/${encodeURIComponent(id)}`, body: changes, notFoundHint: kind.notFoundHint },
		scope,
	);
	return response.body;
}

function changedRecordFields(existing: MappableRecord, wanted: RecordFields): IDataObject {
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
 * several wanted records share an ID, the last one wins and all of them share its result.
 * Answers per ID: the result, or the error that ID met.
 */
export async function upsertRecords(
	context: IExecuteFunctions,
	kind: RecordKind,
	wantedRecords: RecordFields[],
	scope: PartnerScope,
	scopeForId: (id: string) => PartnerScope,
): Promise<Map<string, UpsertResult | Error>> {
	const wantedById = new Map<string, RecordFields>();
	for (const wanted of wantedRecords) {
		const earlier = wantedById.get(wanted.id);
		wantedById.set(wanted.id, {
			...wanted,
			description: wanted.description ?? earlier?.description,
		});
	}

	const results = new Map<string, UpsertResult | Error>();
	const existingById = new Map((await listRecords(context, kind, scope)).map((record) => [record.id, record]));

	const missing = [...wantedById.values()].filter((wanted) => !existingById.has(wanted.id));
	for (const [id, created] of await createRecords(context, kind, missing, scopeForId)) {
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
			results.set(id, { record: await updateRecord(context, kind, id, changes, scopeForId(id)), action: 'updated' });
		} catch (error) {
			results.set(id, error as Error);
		}
	}
	return results;
}

function withoutUndefined(record: RecordFields): RecordFields {
	return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as RecordFields;
}
