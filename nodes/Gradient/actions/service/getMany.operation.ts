import { fetchServices } from '../../api/services';
import { applyLimit, readLimit } from '../common.parameters';
import { optionsCollection, returnAllAndLimit } from '../common.descriptions';
import type { PerItemOperation } from '../operation';

export const getMany: PerItemOperation<{ limit?: number }> = {
	value: 'getMany',
	name: 'Get Many',
	description: 'List the vendor services',
	action: 'Get many services',
	properties: [...returnAllAndLimit(), optionsCollection()],
	readParameters: (run, itemIndex) => ({ limit: readLimit(run, itemIndex) }),
	executeItem: async (run, { itemIndex, partnerApiKey, parameters }) =>
		applyLimit(await fetchServices(run.client, { itemIndex, partnerApiKey }), parameters.limit),
};
