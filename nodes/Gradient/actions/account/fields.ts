import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readItemParameter } from '../../helpers/itemParameters';
import type { RecordFields } from '../../helpers/records';
import { requireId } from '../../helpers/validation';
import { readDescription, readName, recordNameProperty } from '../records.shared';

export const ACCOUNT_ID_FIELD = { label: 'Account ID', name: 'accountId' };

const accountDescription: INodeProperties = {
	displayName: 'Description',
	name: 'description',
	type: 'string',
	default: '',
	placeholder: 'e.g. contoso.com',
	description: 'Anything that helps the MSP recognise the customer, such as its domain',
};

/** What Create and Upsert ask for: the account as the vendor knows it. */
export const accountDefinitionProperties: INodeProperties[] = [
	{
		displayName: 'Account ID',
		name: 'accountId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. cust-1042',
		description: 'Your own unique ID for this customer (tenant, organisation). Unit counts and alerts refer to it; Create or Update matches accounts on it.',
	},
	recordNameProperty('customer', 'e.g. Contoso Ltd'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		options: [accountDescription],
	},
];

export const accountUpdateFields: INodeProperties = {
	displayName: 'Update Fields',
	name: 'updateFields',
	type: 'collection',
	placeholder: 'Add field',
	default: {},
	options: [
		accountDescription,
		{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'The new customer name, as the MSP sees it' },
	],
};

export function readAccountDefinition(context: IExecuteFunctions, itemIndex: number): RecordFields {
	return {
		id: requireId(context, itemIndex, ACCOUNT_ID_FIELD, readItemParameter(context, itemIndex, 'accountId')),
		name: readName(context, itemIndex),
		description: readDescription(context, itemIndex, 'additionalFields'),
	};
}
