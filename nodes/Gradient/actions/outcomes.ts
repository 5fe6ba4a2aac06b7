import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ItemFailure } from '../api/failures';
import type { ItemOutcome } from './operation';

/**
 * With Continue On Fail an item's error is handed back to become that item's output;
 * otherwise the node stops here. Anything that is not already an n8n error is wrapped.
 */
export function continueOrStop(context: IExecuteFunctions, node: INode, error: unknown): ItemFailure {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeOperationError(node, error as Error);
	if (!context.continueOnFail()) throw nodeError;
	return nodeError;
}

export function failure(onFailure: (error: unknown) => ItemFailure, error: unknown): ItemOutcome {
	return { error: onFailure(error) };
}
