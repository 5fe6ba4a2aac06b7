import { fetchIntegration } from '../../api/integration';
import { optionsCollection } from '../common.descriptions';
import type { PerItemOperation } from '../operation';

export const get: PerItemOperation<object> = {
	value: 'get',
	name: 'Get',
	description: 'Get the partner integration: the MSP, its status and last sync; the best check of a partner key',
	action: 'Get the MSP partner integration',
	properties: [optionsCollection()],
	readParameters: () => ({}),
	executeItem: async (run, { itemIndex, partnerApiKey }) => await fetchIntegration(run.client, { itemIndex, partnerApiKey }),
};
