import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RecordFields, RecordKind } from '../api/records';
import { createRecords, upsertRecords } from '../api/records';
import type { ItemRequest } from '../shared/items';
import { firstItemByKey, groupByPartner } from '../shared/items';
import type { Field } from '../shared/validation';
import { invalidInput, optionalText, requireText } from '../shared/validation';
import { failure } from './outcomes';
import type { ItemOutcome, ParameterRun, Run } from './operation';

/*
 * What the Account and Partner Service operations share: both are records the vendor names by
 * its own IDs, created in bulk per partner, updated one by one. The Gradient side of that lives
 * in api/records.ts and knows nothing of items; this file turns items into its calls and its
 * answers into item outcomes (docs/architecture.md has the table of who adds what).
 */

/** The name Create and Create or Update ask for. */
export function recordNameProperty(noun: string, namePlaceholder: string): INodeProperties {
	return {
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: namePlaceholder,
		description: `The ${noun} name the MSP sees when mapping it in Synthesize`,
	};
}

export function readName(run: ParameterRun, itemIndex: number): string {
	return requireText(run.node, itemIndex, { label: 'Name', name: 'name' }, run.parameters.read(itemIndex, 'name'));
}

/** A description inside a collection is undefined when not added: then it is left as it is. */
export function readDescription(run: ParameterRun, itemIndex: number, collection?: string): string | undefined {
	const value = collection
		? (run.parameters.read(itemIndex, collection, {}) as IDataObject).description
		: run.parameters.read(itemIndex, 'description', '');
	return optionalText(run.node, itemIndex, { label: 'Description', name: collection ? `${collection}.description` : 'description' }, value);
}

/** Update Fields of an account or partner service: name and description, at least one. */
export function readRecordChanges(run: ParameterRun, itemIndex: number): IDataObject {
	const given = run.parameters.read(itemIndex, 'updateFields', {}) as IDataObject;
	const changes: IDataObject = {};
	if (given.name !== undefined) {
		changes.name = requireText(run.node, itemIndex, { label: 'Name', name: 'updateFields.name' }, given.name);
	}
	const description = optionalText(run.node, itemIndex, { label: 'Description', name: 'updateFields.description' }, given.description);
	if (description !== undefined) changes.description = description;
	if (Object.keys(changes).length === 0) {
		throw invalidInput(run.node, itemIndex, { label: 'Update Fields', name: 'updateFields' }, 'needs at least one field');
	}
	return changes;
}

/**
 * Create, per partner in one bulk: adds the refusal of an ID given twice for one partner,
 * which would make Gradient refuse the whole bulk. Every partner's items are checked before
 * any is sent, so a repeated ID stops the node (without Continue On Fail) before anything is
 * created.
 */
export async function createRecordItems(
	run: Run,
	kind: RecordKind,
	requests: Array<ItemRequest<RecordFields>>,
	idField: Field,
): Promise<ItemOutcome[]> {
	const outcomes = new Map<ItemRequest<RecordFields>, ItemOutcome>();
	const batches = groupByPartner(requests).map((batch) => {
		const firstItemById = firstItemByKey(batch.requests, (record) => record.id);
		const toCreate = batch.requests.filter((request) => {
			const earlierItem = firstItemById.get(request.parameters.id) as number;
			if (earlierItem === request.itemIndex) return true;
			const error = new NodeOperationError(
				run.node,
				`[item ${request.itemIndex}] ${idField.label} (${idField.name}) "${request.parameters.id}" is already used by item ${earlierItem} for this partner`,
				{ itemIndex: request.itemIndex, description: `Each ${kind.noun} ID can be created once; remove or merge the repeated items.` },
			);
			outcomes.set(request, failure(run.onFailure, error));
			return false;
		});
		return { partnerApiKey: batch.partnerApiKey, firstItemById, toCreate };
	});
	for (const { partnerApiKey, firstItemById, toCreate } of batches) {
		const created = await createRecords(
			run.client,
			kind,
			toCreate.map((request) => request.parameters),
			(id) => ({ partnerApiKey, itemIndex: firstItemById.get(id) }),
			run.onFailure,
		);
		for (const request of toCreate) {
			const result = created.get(request.parameters.id);
			outcomes.set(request, result instanceof Error || result === undefined ? failure(run.onFailure, result) : { json: result });
		}
	}
	return requests.map((request) => outcomes.get(request) as ItemOutcome);
}

/** Create or Update, per partner: adds each item's output, the record and what was done to it. */
export async function upsertRecordItems(run: Run, kind: RecordKind, requests: Array<ItemRequest<RecordFields>>): Promise<ItemOutcome[]> {
	const outcomes = new Map<ItemRequest<RecordFields>, ItemOutcome>();
	for (const batch of groupByPartner(requests)) {
		const firstItemById = firstItemByKey(batch.requests, (record) => record.id);
		let results;
		try {
			results = await upsertRecords(
				run.client,
				kind,
				batch.requests.map((request) => request.parameters),
				{ partnerApiKey: batch.partnerApiKey, itemIndex: batch.requests[0].itemIndex },
				(id) => ({ partnerApiKey: batch.partnerApiKey, itemIndex: firstItemById.get(id) }),
				run.onFailure,
			);
		} catch (error) {
			for (const request of batch.requests) outcomes.set(request, failure(run.onFailure, error));
			continue;
		}
		for (const request of batch.requests) {
			const result = results.get(request.parameters.id);
			if (result === undefined || result instanceof Error) {
				outcomes.set(request, failure(run.onFailure, result));
			} else {
				outcomes.set(request, { json: { ...result.record, action: result.action } as IDataObject });
			}
		}
	}
	return requests.map((request) => outcomes.get(request) as ItemOutcome);
}
