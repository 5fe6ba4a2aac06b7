import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { applyLimit, readLimit } from '../../helpers/parameters';
import { ACCOUNTS, listRecords } from '../../helpers/records';
import { requireId } from '../../helpers/validation';
import { optionsCollection, returnAllAndLimit } from '../common.descriptions';
import { eachItem } from '../outcomes';
import type { GradientOperation, ItemRequest } from '../types';

interface Parameters {
	limit?: number;
	ids?: string[];
	mappedOnly: boolean;
}

export const description = updateDisplayOptions({ show: { resource: ['account'], operation: ['getMany'] } }, [
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
]);

function readIdList(context: IExecuteFunctions, itemIndex: number, field: { label: string; name: string }, value: unknown) {
	if (value === undefined || value === '') return undefined;
	const entries = Array.isArray(value) ? value : String(value).split(',').map((entry) => entry.trim()).filter(Boolean);
	return entries.map((entry) => requireId(context, itemIndex, field, entry));
}

export function readParameters(this: IExecuteFunctions, itemIndex: number): Parameters {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	return {
		limit: readLimit(this, itemIndex),
		ids: readIdList(this, itemIndex, { label: 'Account IDs', name: 'filters.accountIds' }, filters.accountIds),
		mappedOnly: filters.mappedOnly === true,
	};
}

export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<Parameters>>) {
	return await eachItem(this, requests, async ({ itemIndex, partnerApiKey, parameters }) =>
		applyLimit(
			await listRecords(this, ACCOUNTS, { itemIndex, partnerApiKey }, { ids: parameters.ids, mappedOnly: parameters.mappedOnly }),
			parameters.limit,
		),
	);
}

export const operation: GradientOperation<Parameters> = { description, readParameters, execute };
