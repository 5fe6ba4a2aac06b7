import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { PARTNER_API_KEY_FIELD, readPartnerApiKey } from '../helpers/partners';
import { invalidInput } from '../helpers/validation';
import { credentialsOf } from '../transport';
import { failure } from './outcomes';
import { operations } from './registry';
import type { ItemFailure, ItemOutcome, ItemRequest } from './types';

function errorJson(error: ItemFailure): IDataObject {
	return {
		error: error.message,
		...(error.description ? { description: error.description } : {}),
		...('httpCode' in error && error.httpCode ? { httpCode: error.httpCode } : {}),
	};
}

/** Items without their own partner key need the credential's; without one they cannot be sent. */
async function withPartnerKeys(
	context: IExecuteFunctions,
	requests: Array<ItemRequest<unknown>>,
	outcomes: Map<number, ItemOutcome>,
): Promise<Array<ItemRequest<unknown>>> {
	if (requests.every((request) => request.partnerApiKey !== undefined)) return requests;
	const credentials = await credentialsOf(context);
	if (String(credentials.partnerApiKey ?? '').trim() !== '') return requests;
	return requests.filter((request) => {
		if (request.partnerApiKey !== undefined) return true;
		const error = invalidInput(
			context,
			request.itemIndex,
			PARTNER_API_KEY_FIELD,
			'is missing: the credential has no partner key and the item gives none',
			"Set the MSP's partner key in the credential, or in this node's Partner API Key option.",
		);
		outcomes.set(request.itemIndex, failure(context, error));
		return false;
	});
}

/**
 * Reads every item's parameters first (bad input fails before anything is sent), hands the
 * valid items to the operation, then lays out one result per input item, in input order.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operations[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`);
	}

	const outcomes = new Map<number, ItemOutcome>();
	const requests: Array<ItemRequest<unknown>> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const partnerApiKey = readPartnerApiKey(this, itemIndex);
			requests.push({ itemIndex, partnerApiKey, parameters: operation.readParameters.call(this, itemIndex) });
		} catch (error) {
			outcomes.set(itemIndex, failure(this, error));
		}
	}

	const sendable = await withPartnerKeys(this, requests, outcomes);
	const results = sendable.length ? await operation.execute.call(this, sendable) : [];
	results.forEach((outcome, position) => outcomes.set(sendable[position].itemIndex, outcome));

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const outcome = outcomes.get(itemIndex);
		if (!outcome) {
			throw new NodeOperationError(this.getNode(), `[item ${itemIndex}] produced no result`, { itemIndex });
		}
		const pairedItem = { item: itemIndex };
		if ('error' in outcome) {
			const json = operation.failureJson ? operation.failureJson(this, outcome.error, itemIndex) : errorJson(outcome.error);
			output.push({ json, pairedItem });
		} else {
			for (const json of Array.isArray(outcome.json) ? outcome.json : [outcome.json]) {
				output.push({ json, pairedItem });
			}
		}
	}
	return [output];
}
