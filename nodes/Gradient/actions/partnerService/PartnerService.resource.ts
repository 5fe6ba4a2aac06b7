import type { GradientResource } from '../resource';
import { create } from './create.operation';
import { getMany } from './getMany.operation';
import { update } from './update.operation';

export const partnerService: GradientResource = {
	value: 'partnerService',
	name: 'Partner Service',
	description: 'A service created for one partner only',
	defaultOperation: 'create',
	operations: [create, getMany, update],
};
