import type { INodeProperties } from 'n8n-workflow';

import type { GradientOperation } from '../types';
import * as set from './set.operation';
import * as sync from './sync.operation';

export const operations: Record<string, GradientOperation<unknown>> = { set: set.operation, sync: sync.operation };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['usage'] } },
		options: [
			{
				name: 'Set Unit Count',
				value: 'set',
				description: 'Set how many units of a service an account uses, for billing reconciliation',
				action: 'Set the unit count of a service for an account',
			},
			{
				name: 'Sync',
				value: 'sync',
				description: 'Create missing accounts, then set every unit count: the nightly sync in one step',
				action: 'Sync unit counts and create missing accounts',
			},
		],
		default: 'sync',
	},
	...set.description,
	...sync.description,
];
