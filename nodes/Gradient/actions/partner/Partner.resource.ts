import type { INodeProperties } from 'n8n-workflow';

import type { GradientOperation } from '../types';
import * as get from './get.operation';
import * as updateStatus from './updateStatus.operation';

export const operations: Record<string, GradientOperation<unknown>> = { get: get.operation, updateStatus: updateStatus.operation };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['partner'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the partner integration: the MSP, its status and last sync; the best check of a partner key',
				action: 'Get the MSP partner integration',
			},
			{
				name: 'Update Status',
				value: 'updateStatus',
				description: 'Set the partner integration status (pending once the MSP has entered its key)',
				action: 'Update the MSP partner integration status',
			},
		],
		default: 'get',
	},
	...get.description,
	...updateStatus.description,
];
