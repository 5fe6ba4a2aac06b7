import type { INodeProperties } from 'n8n-workflow';

import type { RecordFields } from '../../api/records';
import { requireId } from '../../shared/validation';
import type { ParameterRun } from '../operation';
import { readDescription, readName, recordNameProperty } from '../records';

export const ACCOUNT_ID_FIELD = { label: 'Account ID', name: 'accountId' };

const accountDescription: INodeProperties = {
	displayName: 'Description',
	name: 'description',
	type: 'string',
	default: '',
	placeholder: 'e.g. contoso.com',
	description: 'Anything that helps the MSP recognise the customer, such as its domain',
};

/** What Create and Create or Update ask for: the account as the vendor knows it. */
export function accountDefinitionProperties(idDescription: string): INodeProperties[] {
	return [
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. cust-1042',
			description: idDescription,
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
}

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

export function readAccountDefinition(run: ParameterRun, itemIndex: number): RecordFields {
	return {
		id: requireId(run.node, itemIndex, ACCOUNT_ID_FIELD, run.parameters.read(itemIndex, 'accountId')),
		name: readName(run, itemIndex),
		description: readDescription(run, itemIndex, 'additionalFields'),
	};
}
