import { fetchVendor } from '../../api/vendor';
import { optionsCollection } from '../common.descriptions';
import type { PerItemOperation } from '../operation';

export const get: PerItemOperation<object> = {
	value: 'get',
	name: 'Get',
	description: 'Get your vendor profile and its services',
	action: 'Get the vendor profile',
	properties: [optionsCollection()],
	readParameters: () => ({}),
	executeItem: async (run, { itemIndex, partnerApiKey }) => await fetchVendor(run.client, { itemIndex, partnerApiKey }),
};
