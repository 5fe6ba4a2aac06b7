import type { IDataObject } from 'n8n-workflow';

import { ACCOUNTS, updateRecord } from '../../api/records';
import { readId } from '../common.parameters';
import { accountLocator, optionsCollection } from '../common.descriptions';
import type { PerItemOperation } from '../operation';
import { readRecordChanges } from '../records';
import { accountUpdateFields } from './fields';

interface Parameters {
	accountId: string;
	changes: IDataObject;
}

export const update: PerItemOperation<Parameters> = {
	value: 'update',
	name: 'Update',
	description: 'Rename or re-describe an account',
	action: 'Update a customer account',
	properties: [accountLocator(), accountUpdateFields, optionsCollection()],
	readParameters: (run, itemIndex) => ({
		accountId: readId(run, itemIndex, { label: 'Account', name: 'accountId' }),
		changes: readRecordChanges(run, itemIndex),
	}),
	executeItem: async (run, { itemIndex, partnerApiKey, parameters }) =>
		await updateRecord(run.client, ACCOUNTS, parameters.accountId, parameters.changes, { itemIndex, partnerApiKey }),
};
