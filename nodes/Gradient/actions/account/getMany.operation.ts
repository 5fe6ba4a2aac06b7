import type { IDataObject } from 'n8n-workflow';

import type { MappingFilter } from '../../api/records';
import { ACCOUNTS, listRecords } from '../../api/records';
import { invalidInput, requireId } from '../../shared/validation';
import { applyLimit, readLimit } from '../common.parameters';
import { optionsCollection, returnAllAndLimit } from '../common.descriptions';
import type { ParameterRun, PerItemOperation } from '../operation';

interface Parameters {
	limit?: number;
	ids?: string[];
	mapping?: MappingFilter;
}

const ACCOUNT_IDS_FIELD = { label: 'Account IDs', name: 'filters.accountIds' };

function readIdList(run: ParameterRun, itemIndex: number, value: unknown) {
	if (value === undefined || value === '') return undefined;
	const entries = Array.isArray(value) ? value : String(value).split(',').map((entry) => entry.trim()).filter(Boolean);
	return entries.map((entry) => requireId(run.node, itemIndex, ACCOUNT_IDS_FIELD, entry));
}

function readMappingFilter(run: ParameterRun, itemIndex: number, filters: IDataObject): MappingFilter | undefined {
	if (filters.mappedOnly === true && filters.unmappedOnly === true) {
		throw invalidInput(
			run.node,
			itemIndex,
			{ label: 'Unmapped Only', name: 'filters.unmappedOnly' },
			'cannot be on together with Mapped Only (filters.mappedOnly)',
			'Turn one of them off, or remove both to list every account.',
		);
	}
	if (filters.mappedOnly === true) return 'mapped';
	if (filters.unmappedOnly === true) return 'unmapped';
	return undefined;
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
				{
					displayName: 'Unmapped Only',
					name: 'unmappedOnly',
					type: 'boolean',
					default: false,
					description:
						'Whether to return only the accounts the MSP has not mapped yet: Gradient reports no usage for them, so these are the ones to chase the MSP about',
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
			mapping: readMappingFilter(run, itemIndex, filters),
		};
	},
	executeItem: async (run, { itemIndex, partnerApiKey, parameters }) =>
		applyLimit(
			await listRecords(run.client, ACCOUNTS, { itemIndex, partnerApiKey }, { ids: parameters.ids, mapping: parameters.mapping }),
			parameters.limit,
		),
};
