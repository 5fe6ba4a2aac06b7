import type { GradientResource } from '../resource';
import { create } from './create.operation';
import { get } from './get.operation';
import { getMany } from './getMany.operation';
import { update } from './update.operation';
import { upsert } from './upsert.operation';

export const service: GradientResource = {
	value: 'service',
	name: 'Service',
	description: 'A service (SKU) you sell, shared by all partners',
	defaultOperation: upsert.value,
	operations: [create, get, getMany, update, upsert],
};
