import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { gradientApiRequest } from '../../transport';
import type { Envelope, VendorData } from '../../transport/types';
import { invalidInput, optionalNonEmptyText, optionalText } from '../../helpers/validation';
import { optionsCollection } from '../common.descriptions';
import { eachItem } from '../outcomes';
import type { GradientOperation, ItemRequest } from '../types';

const UPDATE_FIELDS = [
	{ label: 'Name', name: 'name', read: optionalNonEmptyText },
	{ label: 'Description', name: 'description', read: optionalText },
	{ label: 'Support Page URL', name: 'vendorSupportPageUrl', read: optionalText },
	{ label: 'Integration Portal URL', name: 'integrationPortalUrl', read: optionalText },
];

const properties: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'What your product does, as MSPs see it in Synthesize' },
			{
				displayName: 'Integration Portal URL',
				name: 'integrationPortalUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://portal.example.com/integrations/gradient',
				description: 'The page of your portal where an MSP pastes its Gradient partner key: Synthesize\'s "Open Vendor Portal" button opens it',
			},
			{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Your vendor name, as MSPs see it in Synthesize' },
			{
				displayName: 'Support Page URL',
				name: 'vendorSupportPageUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://support.example.com/gradient',
				description: 'Where MSPs get help with your Gradient integration',
			},
		],
	},
	optionsCollection(),
];

export const description = updateDisplayOptions({ show: { resource: ['vendor'], operation: ['update'] } }, properties);

export function readParameters(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const given = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	for (const field of UPDATE_FIELDS) {
		const value = field.read(this, itemIndex, { label: field.label, name: `updateFields.${field.name}` }, given[field.name]);
		if (value !== undefined) body[field.name] = value;
	}
	if (Object.keys(body).length === 0) {
		throw invalidInput(this, itemIndex, { label: 'Update Fields', name: 'updateFields' }, 'needs at least one field');
	}
	return body;
}

export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<IDataObject>>) {
	return await eachItem(this, requests, async ({ itemIndex, partnerApiKey, parameters }) => {
		const response = await gradientApiRequest<Envelope<VendorData>>(
			this,
			{ method: 'PATCH', path: '/api/vendor-api', body: parameters },
			{ itemIndex, partnerApiKey },
		);
		return response.body.data;
	});
}

export const operation: GradientOperation<IDataObject> = { description, readParameters, execute };
