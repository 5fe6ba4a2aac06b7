import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readIdParameter } from '../../helpers/parameters';
import { ACCOUNTS, updateRecord } from '../../helpers/records';
import { accountLocator, optionsCollection } from '../common.descriptions';
import { eachItem } from '../outcomes';
import { readRecordChanges } from '../records.shared';
import type { GradientOperation, ItemRequest } from '../types';
import { accountUpdateFields } from './fields';

interface Parameters {
	accountId: string;
	changes: IDataObject;
}

export const description = updateDisplayOptions({ show: { resource: ['account'], operation: ['update'] } }, [
	accountLocator(),
	accountUpdateFields,
	optionsCollection(),
]);

export function readParameters(this: IExecuteFunctions, itemIndex: number): Parameters {
	return {
		accountId: readIdParameter(this, itemIndex, { label: 'Account', name: 'accountId' }),
		changes: readRecordChanges(this, itemIndex),
	};
}

export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<Parameters>>) {
	return await eachItem(this, requests, async ({ itemIndex, partnerApiKey, parameters }) =>
		await updateRecord(this, ACCOUNTS, parameters.accountId, parameters.changes, { itemIndex, partnerApiKey }),
	);
}

export const operation: GradientOperation<Parameters> = { description, readParameters, execute };
