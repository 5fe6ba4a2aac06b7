import type { INodeProperties } from 'n8n-workflow';

import type { GradientOperation } from '../types';
import * as getMany from './getMany.operation';

export const operations: Record<string, GradientOperation<unknown>> = { getMany: getMany.operation };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['client'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: "List the MSP's PSA companies (deprecated by Gradient)",
				action: 'Get many PSA companies of the MSP',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
