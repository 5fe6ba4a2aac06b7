import type { INodeProperties } from 'n8n-workflow';

import type { GradientOperation } from '../types';
import * as create from './create.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export const operations: Record<string, GradientOperation<unknown>> = { create: create.operation, getMany: getMany.operation, update: update.operation };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['partnerService'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create services for this partner only, all items of a partner in one request',
				action: 'Create services for one partner only',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: "List this partner's own services",
				action: 'Get many services of one partner only',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Update a service of this partner',
				action: 'Update a service of one partner only',
			},
		],
		default: 'create',
	},
	...create.description,
	...getMany.description,
	...update.description,
];
