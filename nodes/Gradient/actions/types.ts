import type { IDataObject, IExecuteFunctions, INodeProperties, NodeApiError, NodeOperationError } from 'n8n-workflow';

/** One input item, its parameters read and checked, ready to be sent. */
export interface ItemRequest<Parameters> {
	itemIndex: number;
	/** The item's own partner key, or undefined to use the credential's. */
	partnerApiKey?: string;
	parameters: Parameters;
}

export type ItemFailure = NodeApiError | NodeOperationError;

/** What became of one item: its output (one object, or several for lists) or its error. */
export type ItemOutcome = { json: IDataObject | IDataObject[] } | { error: ItemFailure };

/**
 * One operation of one resource. `readParameters` runs for every item before any request is
 * sent, so bad input fails early; `execute` gets all items at once so bulk endpoints can be
 * used, and answers one outcome per request, in the same order.
 */
export interface GradientOperation<Parameters = IDataObject> {
	description: INodeProperties[];
	readParameters(this: IExecuteFunctions, itemIndex: number): Parameters;
	execute(this: IExecuteFunctions, requests: Array<ItemRequest<Parameters>>): Promise<ItemOutcome[]>;
	/** The output of a failed item under "continue on fail", where the default `{ error }` won't do. */
	failureJson?: (context: IExecuteFunctions, error: ItemFailure, itemIndex: number) => IDataObject;
}
