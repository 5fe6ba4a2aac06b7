import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readIdParameter } from '../../helpers/parameters';
import { PARTNER_SERVICES, updateRecord } from '../../helpers/records';
import { optionsCollection, partnerServiceLocator } from '../common.descriptions';
import { eachItem } from '../outcomes';
import { readRecordChanges } from '../records.shared';
import type { GradientOperation, ItemRequest } from '../types';

interface Parameters {
	serviceId: string;
	changes: IDataObject;
}

export const description = updateDisplayOptions({ show: { resource: ['partnerService'], operation: ['update'] } }, [
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
]);

export function readParameters(this: IExecuteFunctions, itemIndex: number): Parameters {
	return {
		serviceId: readIdParameter(this, itemIndex, { label: 'Partner Service', name: 'serviceId' }),
		changes: readRecordChanges(this, itemIndex),
	};
}

export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<Parameters>>) {
	return await eachItem(this, requests, async ({ itemIndex, partnerApiKey, parameters }) =>
		await updateRecord(this, PARTNER_SERVICES, parameters.serviceId, parameters.changes, { itemIndex, partnerApiKey }),
	);
}

export const operation: GradientOperation<Parameters> = { description, readParameters, execute };
