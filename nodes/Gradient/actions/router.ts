import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemFailure } from '../api/failures';
import { ItemParameters } from '../shared/itemParameters';
import type { ItemRequest, RejectedItem } from '../shared/items';
import { UNKNOWN_PARTNER } from '../shared/items';
import { PARTNER_API_KEY_FIELD, readItemPartnerKey } from '../shared/partnerKey';
import { invalidInput } from '../shared/validation';
import { DEFAULT_REQUEST_SETTINGS, GradientClient } from '../transport/client';
import type { GradientOperation, ItemOutcome, ParameterRun, Run } from './operation';
import { isBatchOperation } from './operation';
import { continueOrStop, failure } from './outcomes';
import { findOperation } from './registry';

function errorJson(error: ItemFailure): IDataObject {
	return {
		error: error.message,
		...(error.description ? { description: error.description } : {}),
		...('httpCode' in error && error.httpCode ? { httpCode: error.httpCode } : {}),
	};
}

/** Items without their own partner key need the credential's; without one they cannot be sent. */
async function withPartnerKeys(
	run: Run,
	requests: Array<ItemRequest<unknown>>,
	outcomes: Map<number, ItemOutcome>,
	rejected: RejectedItem[],
): Promise<Array<ItemRequest<unknown>>> {
	if (requests.every((request) => request.partnerApiKey !== undefined)) return requests;
	const credentials = await run.client.credentials();
	if (String(credentials.partnerApiKey ?? '').trim() !== '') return requests;
	return requests.filter((request) => {
		if (request.partnerApiKey !== undefined) return true;
		const error = invalidInput(
			run.node,
			request.itemIndex,
			PARTNER_API_KEY_FIELD,
			'is missing: the credential has no partner key and the item gives none',
			"Set the MSP's partner key in the credential, or in this node's Partner API Key option.",
		);
		outcomes.set(request.itemIndex, failure(run.onFailure, error));
		rejected.push({ itemIndex: request.itemIndex, partnerApiKey: undefined });
		return false;
	});
}

async function execute(
	run: Run,
	operation: GradientOperation,
	requests: Array<ItemRequest<unknown>>,
	rejected: RejectedItem[],
): Promise<ItemOutcome[]> {
	if (isBatchOperation(operation)) return await operation.executeBatch(run, requests, rejected);
	const outcomes: ItemOutcome[] = [];
	for (const request of requests) {
		try {
			outcomes.push({ json: await operation.executeItem(run, request) });
		} catch (error) {
			outcomes.push(failure(run.onFailure, error));
		}
	}
	return outcomes;
}

/**
 * Reads every item's parameters first (bad input fails before anything is sent), starts the
 * run's client, hands the valid items to the operation, then lays out one result per input
 * item, in input order, each paired with its item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = findOperation(resource, operationName);
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`);
	}

	const parameters = new ItemParameters(this);
	const reading: ParameterRun = { context: this, node: parameters.node, parameters };
	const onFailure = (error: unknown) => continueOrStop(this, parameters.node, error);
	const itemCount = this.getInputData().length;
	const outcomes = new Map<number, ItemOutcome>();
	const requests: Array<ItemRequest<unknown>> = [];
	const rejected: RejectedItem[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		let partnerApiKey: RejectedItem['partnerApiKey'] = UNKNOWN_PARTNER;
		try {
			partnerApiKey = readItemPartnerKey(parameters, itemIndex);
			requests.push({ itemIndex, partnerApiKey, parameters: operation.readParameters(reading, itemIndex) });
		} catch (error) {
			outcomes.set(itemIndex, failure(onFailure, error));
			rejected.push({ itemIndex, partnerApiKey });
		}
	}

	const settings =
		isBatchOperation(operation) && operation.requestSettings && requests.length ? operation.requestSettings(requests) : DEFAULT_REQUEST_SETTINGS;
	const run: Run = { ...reading, client: new GradientClient(this, settings), onFailure };
	const sendable = await withPartnerKeys(run, requests, outcomes, rejected);
	const results = sendable.length ? await execute(run, operation, sendable, rejected) : [];
	results.forEach((outcome, position) => outcomes.set(sendable[position].itemIndex, outcome));

	const output: INodeExecutionData[] = [];
	const afterInput: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const outcome = outcomes.get(itemIndex);
		if (!outcome) {
			throw new NodeOperationError(run.node, `[item ${itemIndex}] produced no result`, { itemIndex });
		}
		const pairedItem = { item: itemIndex };
		if ('error' in outcome) {
			const json = operation.failureJson ? operation.failureJson(reading, outcome.error, itemIndex) : errorJson(outcome.error);
			output.push({ json, pairedItem });
		} else {
			for (const json of Array.isArray(outcome.json) ? outcome.json : [outcome.json]) {
				output.push({ json, pairedItem });
			}
			for (const json of outcome.afterInput ?? []) afterInput.push({ json, pairedItem });
		}
	}
	return [[...output, ...afterInput]];
}
