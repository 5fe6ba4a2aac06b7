import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { SERVICE_CATEGORIES, SERVICE_SUBCATEGORIES } from '../../helpers/catalog';
import { readIdParameter } from '../../helpers/parameters';
import { updateService } from '../../helpers/services';
import { invalidInput, optionalNonEmptyText, optionalText, requireOneOf } from '../../helpers/validation';
import { optionsCollection, serviceLocator } from '../common.descriptions';
import { eachItem } from '../outcomes';
import type { GradientOperation, ItemRequest } from '../types';
import { serviceUpdateFields } from './fields';

interface Parameters {
	serviceId: string;
	changes: IDataObject;
}

export const description = updateDisplayOptions({ show: { resource: ['service'], operation: ['update'] } }, [
	serviceLocator(),
	serviceUpdateFields,
	optionsCollection(),
]);

const TEXT_FIELDS = [
	{ label: 'Name', name: 'name', read: optionalNonEmptyText },
	{ label: 'Description', name: 'description', read: optionalText },
	{ label: 'Support Article', name: 'supportArticle', read: optionalText },
	{ label: 'Support Contact', name: 'supportContact', read: optionalText },
];

export function readParameters(this: IExecuteFunctions, itemIndex: number): Parameters {
	const serviceId = readIdParameter(this, itemIndex, { label: 'Service', name: 'serviceId' });
	const given = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const changes: IDataObject = {};
	for (const field of TEXT_FIELDS) {
		const value = field.read(this, itemIndex, { label: field.label, name: `updateFields.${field.name}` }, given[field.name]);
		if (value !== undefined) changes[field.name] = value;
	}
	if (given.category !== undefined) {
		changes.category = requireOneOf(this, itemIndex, { label: 'Category', name: 'updateFields.category' }, given.category, SERVICE_CATEGORIES);
	}
	if (given.subcategory !== undefined) {
		changes.subcategory = requireOneOf(
			this,
			itemIndex,
			{ label: 'Subcategory', name: 'updateFields.subcategory' },
			given.subcategory,
			SERVICE_SUBCATEGORIES,
		);
	}
	if (Object.keys(changes).length === 0) {
		throw invalidInput(this, itemIndex, { label: 'Update Fields', name: 'updateFields' }, 'needs at least one field');
	}
	return { serviceId, changes };
}

export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<Parameters>>) {
	return await eachItem(this, requests, async ({ itemIndex, partnerApiKey, parameters }) =>
		await updateService(this, parameters.serviceId, parameters.changes, { itemIndex, partnerApiKey }),
	);
}

export const operation: GradientOperation<Parameters> = { description, readParameters, execute };
