import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RecordFields } from '../../helpers/records';
import { ACCOUNTS } from '../../helpers/records';
import { optionsCollection } from '../common.descriptions';
import { createRecordsInBulk } from '../records.shared';
import type { GradientOperation, ItemRequest } from '../types';
import { ACCOUNT_ID_FIELD, accountDefinitionProperties, readAccountDefinition } from './fields';

export const description = updateDisplayOptions({ show: { resource: ['account'], operation: ['create'] } }, [
	...accountDefinitionProperties,
	optionsCollection(),
]);

export function readParameters(this: IExecuteFunctions, itemIndex: number): RecordFields {
	return readAccountDefinition(this, itemIndex);
}

/** All items of one partner go to Gradient in one bulk request. */
export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<RecordFields>>) {
	return await createRecordsInBulk(this, ACCOUNTS, requests, ACCOUNT_ID_FIELD);
}

export const operation: GradientOperation<RecordFields> = { description, readParameters, execute };
