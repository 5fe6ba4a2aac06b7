import type { RecordFields } from '../../api/records';
import { ACCOUNTS } from '../../api/records';
import { optionsCollection } from '../common.descriptions';
import type { BatchOperation } from '../operation';
import { createRecordItems } from '../records';
import { ACCOUNT_ID_FIELD, accountDefinitionProperties, readAccountDefinition } from './fields';

export const create: BatchOperation<RecordFields> = {
	value: 'create',
	name: 'Create',
	description: "Create the partner's customer accounts, all items of a partner in one request",
	action: 'Create customer accounts',
	properties: [
		...accountDefinitionProperties('Your own unique ID for this customer (tenant, organisation). Unit counts and alerts refer to it.'),
		optionsCollection(),
	],
	readParameters: readAccountDefinition,
	executeBatch: async (run, requests) => await createRecordItems(run, ACCOUNTS, requests, ACCOUNT_ID_FIELD),
};
