import type { INodeProperties } from 'n8n-workflow';

import type { GradientOperation } from '../types';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

export const operations: Record<string, GradientOperation<unknown>> = { create: create.operation, get: get.operation, getMany: getMany.operation, update: update.operation, upsert: upsert.operation };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['service'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a vendor service (SKU) that every partner can map',
				action: 'Create a service',
			},
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update a service',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one vendor service by ID',
				action: 'Get a service',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the vendor services',
				action: 'Get many services',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Update a vendor service',
				action: 'Update a service',
			},
		],
		default: 'upsert',
	},
	...create.description,
	...get.description,
	...getMany.description,
	...update.description,
	...upsert.description,
];
