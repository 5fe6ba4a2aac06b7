import type { INodeProperties } from 'n8n-workflow';

import type { GradientOperation } from '../types';
import * as create from './create.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

export const operations: Record<string, GradientOperation<unknown>> = { create: create.operation, getMany: getMany.operation, update: update.operation, upsert: upsert.operation };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: "Create the partner's customer accounts, all items of a partner in one request",
				action: 'Create customer accounts',
			},
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update customer accounts',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: "List the partner's customer accounts and whether the MSP mapped them",
				action: 'Get many customer accounts',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Rename or re-describe an account',
				action: 'Update a customer account',
			},
		],
		default: 'upsert',
	},
	...create.description,
	...getMany.description,
	...update.description,
	...upsert.description,
];
