import type { GradientResource } from '../resource';
import { getMany } from './getMany.operation';

export const client: GradientResource = {
	value: 'client',
	name: 'Client',
	description: "A company in the partner's PSA (deprecated by Gradient)",
	defaultOperation: 'getMany',
	operations: [getMany],
};
