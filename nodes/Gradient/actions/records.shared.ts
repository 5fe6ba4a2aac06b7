import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readItemParameter } from '../helpers/itemParameters';
import { groupByPartner } from '../helpers/partners';
import type { RecordFields, RecordKind } from '../helpers/records';
import { createRecords, upsertRecords } from '../helpers/records';
import { invalidInput, optionalText, requireText } from '../helpers/validation';
import { failure } from './outcomes';
import type { ItemOutcome, ItemRequest } from './types';

/** The name Create and Upsert ask for, for accounts and partner services. */
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

export function readName(context: IExecuteFunctions, itemIndex: number): string {
	return requireText(context, itemIndex, { label: 'Name', name: 'name' }, readItemParameter(context, itemIndex, 'name'));
}

/** A description inside a collection is undefined when not added: then it is left as it is. */
export function readDescription(context: IExecuteFunctions, itemIndex: number, collection?: string): string | undefined {
	const value = collection
		? (context.getNodeParameter(collection, itemIndex, {}) as IDataObject).description
		: context.getNodeParameter('description', itemIndex, '');
	return optionalText(
		context,
		itemIndex,
		{ label: 'Description', name: collection ? `${collection}.description` : 'description' },
		value,
	);
}

/**
 * A record per item; the same ID twice for one partner would make Gradient refuse the whole
 * batch. Every partner's items are checked before any is sent, so a repeated ID stops the node
 * (without "continue on fail") before anything is created.
 */
export async function createRecordsInBulk(
	context: IExecuteFunctions,
	kind: RecordKind,
	requests: Array<ItemRequest<RecordFields>>,
	idField: { label: string; name: string },
): Promise<ItemOutcome[]> {
	const outcomes = new Map<ItemRequest<RecordFields>, ItemOutcome>();
	const batches = groupByPartner(requests).map((batch) => {
		const firstItemById = new Map<string, number>();
		const toCreate: Array<ItemRequest<RecordFields>> = [];
		for (const request of batch.requests) {
			const earlierItem = firstItemById.get(request.parameters.id);
			if (earlierItem === undefined) {
				firstItemById.set(request.parameters.id, request.itemIndex);
				toCreate.push(request);
				continue;
			}
			const error = new NodeOperationError(
				context.getNode(),
				`[item ${request.itemIndex}] ${idField.label} (${idField.name}) "${request.parameters.id}" is already used by item ${earlierItem} for this partner`,
				{ itemIndex: request.itemIndex, description: `Each ${kind.noun} ID can be created once; remove or merge the repeated items.` },
			);
			outcomes.set(request, failure(context, error));
		}
		return { partnerApiKey: batch.partnerApiKey, firstItemById, toCreate };
	});
	for (const { partnerApiKey, firstItemById, toCreate } of batches) {
		const created = await createRecords(
			context,
			kind,
			toCreate.map((request) => request.parameters),
			(id) => ({ partnerApiKey, itemIndex: firstItemById.get(id) }),
		);
		for (const request of toCreate) {
			const result = created.get(request.parameters.id);
			outcomes.set(request, result instanceof Error || result === undefined ? failure(context, result) : { json: result });
		}
	}
	return requests.map((request) => outcomes.get(request) as ItemOutcome);
}

/** Upsert for one kind of record: each item answers with the record and what was done to it. */
export async function upsertRecordsPerItem(
	context: IExecuteFunctions,
	kind: RecordKind,
	requests: Array<ItemRequest<RecordFields>>,
): Promise<ItemOutcome[]> {
	const outcomes = new Map<ItemRequest<RecordFields>, ItemOutcome>();
	for (const batch of groupByPartner(requests)) {
		const firstItemById = new Map<string, number>();
		for (const request of batch.requests) {
			if (!firstItemById.has(request.parameters.id)) firstItemById.set(request.parameters.id, request.itemIndex);
		}
		let results;
		try {
			results = await upsertRecords(
				context,
				kind,
				batch.requests.map((request) => request.parameters),
				{ partnerApiKey: batch.partnerApiKey, itemIndex: batch.requests[0].itemIndex },
				(id) => ({ partnerApiKey: batch.partnerApiKey, itemIndex: firstItemById.get(id) }),
			);
		} catch (error) {
			for (const request of batch.requests) outcomes.set(request, failure(context, error));
			continue;
		}
		for (const request of batch.requests) {
			const result = results.get(request.parameters.id);
			if (result === undefined || result instanceof Error) {
				outcomes.set(request, failure(context, result));
			} else {
				outcomes.set(request, { json: { ...result.record, action: result.action } as IDataObject });
			}
		}
	}
	return requests.map((request) => outcomes.get(request) as ItemOutcome);
}

/** Update Fields of an account or partner service: name and description, at least one. */
export function readRecordChanges(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const given = context.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const changes: IDataObject = {};
	if (given.name !== undefined) {
		changes.name = requireText(context, itemIndex, { label: 'Name', name: 'updateFields.name' }, given.name);
	}
	const description = optionalText(
		context,
		itemIndex,
		{ label: 'Description', name: 'updateFields.description' },
		given.description,
	);
	if (description !== undefined) changes.description = description;
	if (Object.keys(changes).length === 0) {
		throw invalidInput(context, itemIndex, { label: 'Update Fields', name: 'updateFields' }, 'needs at least one field');
	}
	return changes;
}
