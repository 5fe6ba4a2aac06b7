import type { IDataObject } from 'n8n-workflow';

import { ACCOUNTS, listRecords } from '../../api/records';
import { requireId } from '../../shared/validation';
import { applyLimit, readLimit } from '../common.parameters';
import { optionsCollection, returnAllAndLimit } from '../common.descriptions';
import type { ParameterRun, PerItemOperation } from '../operation';

interface Parameters {
	limit?: number;
	ids?: string[];
	mappedOnly: boolean;
}

const ACCOUNT_IDS_FIELD = { label: 'Account IDs', name: 'filters.accountIds' };

function readIdList(run: ParameterRun, itemIndex: number, value: unknown) {
	if (value === undefined || value === '') return undefined;
	const entries = Array.isArray(value) ? value : String(value).split(',').map((entry) => entry.trim()).filter(Boolean);
	return entries.map((entry) => requireId(run.node, itemIndex, ACCOUNT_IDS_FIELD, entry));
}

export const getMany: PerItemOperation<Parameters> = {
	value: 'getMany',
	name: 'Get Many',
	description: "List the partner's customer accounts and whether the MSP mapped them",
	action: 'Get many customer accounts',
	properties: [
		...returnAllAndLimit(),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add filter',
			default: {},
			options: [
				{
					displayName: 'Account IDs',
					name: 'accountIds',
					type: 'string',
					default: '',
					placeholder: 'e.g. cust-1042, cust-1043',
					description: 'Only these accounts: your IDs, separated by commas',
				},
				{
					displayName: 'Mapped Only',
					name: 'mappedOnly',
					type: 'boolean',
					default: false,
					description: 'Whether to return only the accounts the MSP has mapped to a PSA company',
				},
			],
		},
		optionsCollection(),
	],
	readParameters(run, itemIndex) {
		const filters = run.parameters.read(itemIndex, 'filters', {}) as IDataObject;
		return {
			limit: readLimit(run, itemIndex),
			ids: readIdList(run, itemIndex, filters.accountIds),
			mappedOnly: filters.mappedOnly === true,
		};
	},
	executeItem: async (run, { itemIndex, partnerApiKey, parameters }) =>
		applyLimit(
			await listRecords(run.client, ACCOUNTS, { itemIndex, partnerApiKey }, { ids: parameters.ids, mappedOnly: parameters.mappedOnly }),
			parameters.limit,
		),
};
