import type { GradientResource } from '../resource';
import { set } from './set.operation';
import { sync } from './sync.operation';

export const usage: GradientResource = {
	value: 'usage',
	name: 'Usage',
	description: 'Billing unit counts per account and service',
	defaultOperation: 'sync',
	operations: [set, sync],
};
