import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readItemParameter } from '../../helpers/itemParameters';
import { SERVICE_CATEGORIES, SERVICE_SUBCATEGORIES, asOptions } from '../../helpers/catalog';
import type { ServiceFields } from '../../helpers/services';
import { optionalText, requireOneOf, requireText } from '../../helpers/validation';

const supportArticle: INodeProperties = {
	displayName: 'Support Article',
	name: 'supportArticle',
	type: 'string',
	default: '',
	placeholder: 'e.g. https://support.example.com/articles/backup',
	description: 'Link to a knowledge-base article about this service',
};

const supportContact: INodeProperties = {
	displayName: 'Support Contact',
	name: 'supportContact',
	type: 'string',
	default: '',
	placeholder: 'e.g. support@example.com',
	description: 'Where MSPs get help with this service: an email address or a phone number',
};

const categoryProperty: INodeProperties = {
	displayName: 'Category',
	name: 'category',
	type: 'options',
	options: asOptions(SERVICE_CATEGORIES),
	default: 'other',
	description: "Gradient's category for the service",
};

const subcategoryProperty: INodeProperties = {
	displayName: 'Subcategory',
	name: 'subcategory',
	type: 'options',
	options: asOptions(SERVICE_SUBCATEGORIES),
	default: 'other',
	description: "Gradient's subcategory for the service",
};

/** What Create and Upsert ask for: a whole service definition. */
export const serviceDefinitionProperties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Cloud Backup - Server',
		description: 'The service (SKU) name MSPs see and map to their PSA products. Create or Update matches services on this exact name.',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Image-based backup of one server',
		description: 'What the service is, for the MSP mapping it to a PSA product',
	},
	{ ...categoryProperty, required: true },
	{ ...subcategoryProperty, required: true },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		options: [supportArticle, supportContact],
	},
];

export const serviceUpdateFields: INodeProperties = {
	displayName: 'Update Fields',
	name: 'updateFields',
	type: 'collection',
	placeholder: 'Add field',
	default: {},
	options: [
		categoryProperty,
		{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'The new description of the service' },
		{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'The new name of the service, as MSPs see it' },
		subcategoryProperty,
		supportArticle,
		supportContact,
	],
};

export function readServiceDefinition(context: IExecuteFunctions, itemIndex: number): ServiceFields {
	const additional = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const fields: ServiceFields = {
		name: requireText(context, itemIndex, { label: 'Name', name: 'name' }, readItemParameter(context, itemIndex, 'name')),
		description: requireText(
			context,
			itemIndex,
			{ label: 'Description', name: 'description' },
			readItemParameter(context, itemIndex, 'description'),
		),
		category: requireOneOf(
			context,
			itemIndex,
			{ label: 'Category', name: 'category' },
			readItemParameter(context, itemIndex, 'category'),
			SERVICE_CATEGORIES,
		),
		subcategory: requireOneOf(
			context,
			itemIndex,
			{ label: 'Subcategory', name: 'subcategory' },
			readItemParameter(context, itemIndex, 'subcategory'),
			SERVICE_SUBCATEGORIES,
		),
	};
	for (const { label, name } of [
		{ label: 'Support Article', name: 'supportArticle' },
		{ label: 'Support Contact', name: 'supportContact' },
	]) {
		const value = optionalText(context, itemIndex, { label, name: `additionalFields.${name}` }, additional[name]);
		if (value) fields[name] = value;
	}
	return fields;
}
