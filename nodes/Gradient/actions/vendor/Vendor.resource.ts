import type { GradientResource } from '../resource';
import { get } from './get.operation';
import { update } from './update.operation';

export const vendor: GradientResource = {
	value: 'vendor',
	name: 'Vendor',
	description: 'Your vendor profile',
	defaultOperation: 'get',
	operations: [get, update],
};
