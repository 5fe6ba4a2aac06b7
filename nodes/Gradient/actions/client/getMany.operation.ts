import type { IDataObject } from 'n8n-workflow';

import type { ClientsQuery } from '../../api/clients';
import { listClients } from '../../api/clients';
import { optionalText } from '../../shared/validation';
import { readLimit } from '../common.parameters';
import { optionsCollection, returnAllAndLimit } from '../common.descriptions';
import type { PerItemOperation } from '../operation';

export const getMany: PerItemOperation<ClientsQuery> = {
	value: 'getMany',
	name: 'Get Many',
	description: "List the MSP's PSA companies (deprecated by Gradient)",
	action: 'Get many PSA companies of the MSP',
	properties: [
		{
			displayName:
				'Gradient has deprecated clients: map accounts instead. This list still shows the PSA companies of the MSP, which helps while onboarding.',
			name: 'deprecationNotice',
			type: 'notice',
			default: '',
		},
		...returnAllAndLimit(),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add filter',
			default: {},
			options: [
				{
					displayName: 'Search',
					name: 'search',
					type: 'string',
					default: '',
					placeholder: 'e.g. Contoso',
					description: 'Only clients whose name contains this text',
				},
			],
		},
		optionsCollection(),
	],
	readParameters(run, itemIndex) {
		const filters = run.parameters.read(itemIndex, 'filters', {}) as IDataObject;
		const search = optionalText(run.node, itemIndex, { label: 'Search', name: 'filters.search' }, filters.search);
		return { limit: readLimit(run, itemIndex), search: search || undefined };
	},
	executeItem: async (run, { itemIndex, partnerApiKey, parameters }) => await listClients(run.client, parameters, { itemIndex, partnerApiKey }),
};
