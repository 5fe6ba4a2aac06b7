import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { GradientOperation } from './operation';

/** One resource of the node: its place in the Resource list and its operations. */
export interface GradientResource {
	/** The `resource` value saved in workflows. */
	value: string;
	name: string;
	description: string;
	defaultOperation: string;
	operations: GradientOperation[];
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** The resource's Operation list, then each operation's parameters, shown for that operation only. */
export function resourceProperties({ value: resource, defaultOperation, operations }: GradientResource): INodeProperties[] {
	const operationOptions: INodePropertyOptions[] = operations
		.map(({ name, value, description, action }) => ({ name, value, description, action }))
		.sort(byName);
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: operationOptions,
			default: defaultOperation,
		},
		...operations.flatMap((operation) =>
			updateDisplayOptions({ show: { resource: [resource], operation: [operation.value] } }, operation.properties),
		),
	];
}

export function resourceOptions(resources: GradientResource[]): INodePropertyOptions[] {
	return resources.map(({ name, value, description }) => ({ name, value, description })).sort(byName);
}
