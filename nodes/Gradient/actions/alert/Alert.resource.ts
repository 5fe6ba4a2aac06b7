import type { GradientResource } from '../resource';
import { create } from './create.operation';
import { getStatus } from './getStatus.operation';

export const alert: GradientResource = {
	value: 'alert',
	name: 'Alert',
	description: "An event that becomes a ticket in the partner's PSA",
	defaultOperation: 'create',
	operations: [create, getStatus],
};
