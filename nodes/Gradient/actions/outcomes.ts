import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ItemFailure, ItemOutcome, ItemRequest } from './types';

/**
 * With "continue on fail" an item's error is handed back to become that item's output;
 * otherwise the node stops here. Anything that is not already an n8n error is wrapped.
 */
export function continueOrStop(context: IExecuteFunctions, error: unknown): ItemFailure {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(context.getNode(), error as Error);
	if (!context.continueOnFail()) throw nodeError;
	return nodeError;
}

export function failure(context: IExecuteFunctions, error: unknown): ItemOutcome {
	return { error: continueOrStop(context, error) };
}

/** Runs an operation that makes one call per item, in item order. */
export async function eachItem<Parameters>(
	context: IExecuteFunctions,
	requests: Array<ItemRequest<Parameters>>,
	call: (request: ItemRequest<Parameters>) => Promise<IDataObject | IDataObject[]>,
): Promise<ItemOutcome[]> {
	const outcomes: ItemOutcome[] = [];
	for (const request of requests) {
		try {
			outcomes.push({ json: await call(request) });
		} catch (error) {
			outcomes.push(failure(context, error));
		}
	}
	return outcomes;
}
