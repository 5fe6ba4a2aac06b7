import type { IDataObject } from 'n8n-workflow';

import { updateVendor } from '../../api/vendor';
import { invalidInput, optionalNonEmptyText, optionalText } from '../../shared/validation';
import { optionsCollection } from '../common.descriptions';
import type { PerItemOperation } from '../operation';

const UPDATE_FIELDS = [
	{ label: 'Name', name: 'name', read: optionalNonEmptyText },
	{ label: 'Description', name: 'description', read: optionalText },
	{ label: 'Support Page URL', name: 'vendorSupportPageUrl', read: optionalText },
	{ label: 'Integration Portal URL', name: 'integrationPortalUrl', read: optionalText },
];

export const update: PerItemOperation<IDataObject> = {
	value: 'update',
	name: 'Update',
	description: 'Update your vendor profile (name, description, portal and support links)',
	action: 'Update the vendor profile',
	properties: [
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
	],
	readParameters(run, itemIndex) {
		const given = run.parameters.read(itemIndex, 'updateFields', {}) as IDataObject;
		const changes: IDataObject = {};
		for (const field of UPDATE_FIELDS) {
			const value = field.read(run.node, itemIndex, { label: field.label, name: `updateFields.${field.name}` }, given[field.name]);
			if (value !== undefined) changes[field.name] = value;
		}
		if (Object.keys(changes).length === 0) {
			throw invalidInput(run.node, itemIndex, { label: 'Update Fields', name: 'updateFields' }, 'needs at least one field');
		}
		return changes;
	},
	executeItem: async (run, { itemIndex, partnerApiKey, parameters }) => await updateVendor(run.client, parameters, { itemIndex, partnerApiKey }),
};
