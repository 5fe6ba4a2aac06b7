import type { ServiceFields } from '../../api/services';
import { createService } from '../../api/services';
import { optionsCollection } from '../common.descriptions';
import type { PerItemOperation } from '../operation';
import { readServiceDefinition, serviceDefinitionProperties } from './fields';

export const create: PerItemOperation<ServiceFields> = {
	value: 'create',
	name: 'Create',
	description: 'Create a vendor service (SKU) that every partner can map',
	action: 'Create a service',
	properties: [...serviceDefinitionProperties('The service (SKU) name MSPs see and map to their PSA products'), optionsCollection()],
	readParameters: readServiceDefinition,
	executeItem: async (run, { itemIndex, partnerApiKey, parameters }) =>
		await createService(run.client, parameters, { itemIndex, partnerApiKey }),
};
