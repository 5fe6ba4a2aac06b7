import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import type { FailurePolicy, ItemFailure } from '../api/failures';
import type { ItemParameters } from '../shared/itemParameters';
import type { ItemRequest, RejectedItem } from '../shared/items';
import type { GradientClient } from '../transport/client';
import type { RequestSettings } from '../transport/request';

/** What reading one item's parameters may use: nothing is sent while items are read. */
export interface ParameterRun {
	context: IExecuteFunctions;
	node: INode;
	parameters: ItemParameters;
}

/** One node execution, as the router hands it to an operation once every item has been read. */
export interface Run extends ParameterRun {
	client: GradientClient;
	/** Continue On Fail, applied: answers an item's error as its output, or throws to stop the node. */
	onFailure: FailurePolicy;
}

/**
 * What became of one item: its output (one object, or several for lists) or its error.
 * `afterInput`: items that come after the outputs of all input items, paired to this one (the
 * zero counts Sync sends for pairs a partner's items no longer name).
 */
export type ItemOutcome = { json: IDataObject | IDataObject[]; afterInput?: IDataObject[] } | { error: ItemFailure };

interface OperationDefinition<Parameters> {
	/** The `operation` value saved in workflows. */
	value: string;
	name: string;
	/** What the operation does, in the Operation list. */
	description: string;
	/** The operation's name in the nodes panel and for AI agents. */
	action: string;
	/** The operation's parameters; the resource shows them for this operation only. */
	properties: INodeProperties[];
	/** Runs for every item before anything is sent, so bad input fails early and names its item. */
	readParameters(run: ParameterRun, itemIndex: number): Parameters;
	/** The output of a failed item under Continue On Fail, where the default `{ error }` won't do. */
	failureJson?(run: ParameterRun, error: ItemFailure, itemIndex: number): IDataObject;
}

/** One call per item, in item order: most operations. */
export interface PerItemOperation<Parameters> extends OperationDefinition<Parameters> {
	executeItem(run: Run, request: ItemRequest<Parameters>): Promise<IDataObject | IDataObject[]>;
}

/** All items at once, for bulk requests and billing rebuilds per partner: one outcome per request, in order. */
export interface BatchOperation<Parameters> extends OperationDefinition<Parameters> {
	/** How the run paces and retries its requests, when the operation lets the user tune it. */
	requestSettings?(requests: Array<ItemRequest<Parameters>>): RequestSettings;
	/**
	 * `rejected`: the input items that failed before the operation got them, for an operation
	 * whose work depends on seeing all of a partner's items (Zero Missing).
	 */
	executeBatch(run: Run, requests: Array<ItemRequest<Parameters>>, rejected: RejectedItem[]): Promise<ItemOutcome[]>;
}

export type GradientOperation<Parameters = unknown> = PerItemOperation<Parameters> | BatchOperation<Parameters>;

export function isBatchOperation<Parameters>(operation: GradientOperation<Parameters>): operation is BatchOperation<Parameters> {
	return 'executeBatch' in operation;
}
