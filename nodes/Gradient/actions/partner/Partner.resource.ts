import type { GradientResource } from '../resource';
import { get } from './get.operation';
import { updateStatus } from './updateStatus.operation';

export const partner: GradientResource = {
	value: 'partner',
	name: 'Partner',
	description: "The MSP partner's integration with you",
	defaultOperation: 'get',
	operations: [get, updateStatus],
};
