import type { RecordFields } from '../../api/records';
import { ACCOUNTS } from '../../api/records';
import { optionsCollection } from '../common.descriptions';
import type { BatchOperation } from '../operation';
import { upsertRecordItems } from '../records';
import { accountDefinitionProperties, readAccountDefinition } from './fields';

/** Per partner: one read, one bulk create of the missing, one update per changed account. */
export const upsert: BatchOperation<RecordFields> = {
	value: 'upsert',
	name: 'Create or Update',
	description: 'Create a new record, or update the current one if it already exists (upsert)',
	action: 'Create or update customer accounts',
	properties: [
		...accountDefinitionProperties(
			'Your own unique ID for this customer (tenant, organisation). Unit counts and alerts refer to it; Create or Update matches accounts on it. Items that give the same ID merge in input order: each field takes the last value given, and all of them get the same result.',
		),
		optionsCollection(),
	],
	readParameters: readAccountDefinition,
	executeBatch: async (run, requests) => await upsertRecordItems(run, ACCOUNTS, requests),
};
