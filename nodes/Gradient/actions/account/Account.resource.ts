import type { GradientResource } from '../resource';
import { create } from './create.operation';
import { getMany } from './getMany.operation';
import { update } from './update.operation';
import { upsert } from './upsert.operation';

export const account: GradientResource = {
	value: 'account',
	name: 'Account',
	description: "A partner's customer, as your system knows it",
	defaultOperation: upsert.value,
	operations: [create, getMany, update, upsert],
};
