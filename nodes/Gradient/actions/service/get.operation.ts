import { fetchService } from '../../api/services';
import { readId } from '../common.parameters';
import { optionsCollection, serviceLocator } from '../common.descriptions';
import type { PerItemOperation } from '../operation';

export const get: PerItemOperation<{ serviceId: string }> = {
	value: 'get',
	name: 'Get',
	description: 'Get one vendor service by ID',
	action: 'Get a service',
	properties: [serviceLocator(), optionsCollection()],
	readParameters: (run, itemIndex) => ({ serviceId: readId(run, itemIndex, { label: 'Service', name: 'serviceId' }) }),
	executeItem: async (run, { itemIndex, partnerApiKey, parameters }) =>
		await fetchService(run.client, parameters.serviceId, { itemIndex, partnerApiKey }),
};
