import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { SERVICE_CATEGORIES, SERVICE_SUBCATEGORIES } from '../../api/catalog';
import type { ServiceFields } from '../../api/services';
import { optionalText, requireOneOf, requireText } from '../../shared/validation';
import { asOptions } from '../common.descriptions';
import type { ParameterRun } from '../operation';

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

/** What Create and Create or Update ask for: a whole service definition. */
export function serviceDefinitionProperties(nameDescription: string): INodeProperties[] {
	return [
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Cloud Backup - Server',
			description: nameDescription,
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
}

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

export function readServiceDefinition(run: ParameterRun, itemIndex: number): ServiceFields {
	const { node, parameters } = run;
	const additional = parameters.read(itemIndex, 'additionalFields', {}) as IDataObject;
	const fields: ServiceFields = {
		name: requireText(node, itemIndex, { label: 'Name', name: 'name' }, parameters.read(itemIndex, 'name')),
		description: requireText(node, itemIndex, { label: 'Description', name: 'description' }, parameters.read(itemIndex, 'description')),
		category: requireOneOf(node, itemIndex, { label: 'Category', name: 'category' }, parameters.read(itemIndex, 'category'), SERVICE_CATEGORIES),
		subcategory: requireOneOf(
			node,
			itemIndex,
			{ label: 'Subcategory', name: 'subcategory' },
			parameters.read(itemIndex, 'subcategory'),
			SERVICE_SUBCATEGORIES,
		),
	};
	for (const { label, name } of [
		{ label: 'Support Article', name: 'supportArticle' },
		{ label: 'Support Contact', name: 'supportContact' },
	]) {
		const value = optionalText(node, itemIndex, { label, name: `additionalFields.${name}` }, additional[name]);
		if (value) fields[name] = value;
	}
	return fields;
}
