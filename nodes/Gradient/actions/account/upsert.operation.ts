import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RecordFields } from '../../helpers/records';
import { ACCOUNTS } from '../../helpers/records';
import { optionsCollection } from '../common.descriptions';
import { upsertRecordsPerItem } from '../records.shared';
import type { GradientOperation, ItemRequest } from '../types';
import { accountDefinitionProperties, readAccountDefinition } from './fields';

export const description = updateDisplayOptions({ show: { resource: ['account'], operation: ['upsert'] } }, [
	...accountDefinitionProperties,
	optionsCollection(),
]);

export function readParameters(this: IExecuteFunctions, itemIndex: number): RecordFields {
	return readAccountDefinition(this, itemIndex);
}

/** Per partner: one read, one bulk create of the missing, one update per changed account. */
export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<RecordFields>>) {
	return await upsertRecordsPerItem(this, ACCOUNTS, requests);
}

export const operation: GradientOperation<RecordFields> = { description, readParameters, execute };
