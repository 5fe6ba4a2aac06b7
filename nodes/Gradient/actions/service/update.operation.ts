import type { IDataObject } from 'n8n-workflow';

import { SERVICE_CATEGORIES, SERVICE_SUBCATEGORIES } from '../../api/catalog';
import { updateService } from '../../api/services';
import { invalidInput, optionalNonEmptyText, optionalText, requireOneOf } from '../../shared/validation';
import { readId } from '../common.parameters';
import { optionsCollection, serviceLocator } from '../common.descriptions';
import type { PerItemOperation } from '../operation';
import { serviceUpdateFields } from './fields';

interface Parameters {
	serviceId: string;
	changes: IDataObject;
}

const TEXT_FIELDS = [
	{ label: 'Name', name: 'name', read: optionalNonEmptyText },
	{ label: 'Description', name: 'description', read: optionalText },
	{ label: 'Support Article', name: 'supportArticle', read: optionalText },
	{ label: 'Support Contact', name: 'supportContact', read: optionalText },
];

const LISTED_FIELDS = [
	{ label: 'Category', name: 'category', allowed: SERVICE_CATEGORIES },
	{ label: 'Subcategory', name: 'subcategory', allowed: SERVICE_SUBCATEGORIES },
];

export const update: PerItemOperation<Parameters> = {
	value: 'update',
	name: 'Update',
	description: 'Update a vendor service',
	action: 'Update a service',
	properties: [serviceLocator(), serviceUpdateFields, optionsCollection()],
	readParameters(run, itemIndex) {
		const serviceId = readId(run, itemIndex, { label: 'Service', name: 'serviceId' });
		const given = run.parameters.read(itemIndex, 'updateFields', {}) as IDataObject;
		const changes: IDataObject = {};
		for (const field of TEXT_FIELDS) {
			const value = field.read(run.node, itemIndex, { label: field.label, name: `updateFields.${field.name}` }, given[field.name]);
			if (value !== undefined) changes[field.name] = value;
		}
		for (const field of LISTED_FIELDS) {
			if (given[field.name] === undefined) continue;
			changes[field.name] = requireOneOf(run.node, itemIndex, { label: field.label, name: `updateFields.${field.name}` }, given[field.name], field.allowed);
		}
		if (Object.keys(changes).length === 0) {
			throw invalidInput(run.node, itemIndex, { label: 'Update Fields', name: 'updateFields' }, 'needs at least one field');
		}
		return { serviceId, changes };
	},
	executeItem: async (run, { itemIndex, partnerApiKey, parameters }) =>
		await updateService(run.client, parameters.serviceId, parameters.changes, { itemIndex, partnerApiKey }),
};
