import type { INodeProperties } from 'n8n-workflow';

import type { GradientOperation } from '../types';
import * as get from './get.operation';
import * as update from './update.operation';

export const operations: Record<string, GradientOperation<unknown>> = { get: get.operation, update: update.operation };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['vendor'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get your vendor profile and its services',
				action: 'Get the vendor profile',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Update your vendor profile (name, description, portal and support links)',
				action: 'Update the vendor profile',
			},
		],
		default: 'get',
	},
	...get.description,
	...update.description,
];
