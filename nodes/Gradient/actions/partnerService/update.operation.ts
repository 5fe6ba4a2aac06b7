import type { IDataObject } from 'n8n-workflow';

import { PARTNER_SERVICES, updateRecord } from '../../api/records';
import { readId } from '../common.parameters';
import { optionsCollection, partnerServiceLocator } from '../common.descriptions';
import type { PerItemOperation } from '../operation';
import { readRecordChanges } from '../records';

interface Parameters {
	serviceId: string;
	changes: IDataObject;
}

export const update: PerItemOperation<Parameters> = {
	value: 'update',
	name: 'Update',
	description: 'Update a service of this partner',
	action: 'Update a service of one partner only',
	properties: [
		partnerServiceLocator(),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add field',
			default: {},
			options: [
				{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'The new description of the service' },
				{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'The new name of the service, as the MSP sees it' },
			],
		},
		optionsCollection(),
	],
	readParameters: (run, itemIndex) => ({
		serviceId: readId(run, itemIndex, { label: 'Partner Service', name: 'serviceId' }),
		changes: readRecordChanges(run, itemIndex),
	}),
	executeItem: async (run, { itemIndex, partnerApiKey, parameters }) =>
		await updateRecord(run.client, PARTNER_SERVICES, parameters.serviceId, parameters.changes, { itemIndex, partnerApiKey }),
};
