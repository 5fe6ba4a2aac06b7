import type { INodeProperties } from 'n8n-workflow';

import type { GradientOperation } from '../types';
import * as create from './create.operation';
import * as getStatus from './getStatus.operation';

export const operations: Record<string, GradientOperation<unknown>> = { create: create.operation, getStatus: getStatus.operation };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['alert'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Send an alert that Gradient turns into a PSA ticket',
				action: 'Create an alert that becomes a PSA ticket',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'Check whether an alert became a PSA ticket',
				action: 'Get whether an alert became a PSA ticket',
			},
		],
		default: 'create',
	},
	...create.description,
	...getStatus.description,
];
