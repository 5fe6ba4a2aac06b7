import type { IDataObject } from 'n8n-workflow';

import type { IntegrationData, MappableRecord } from '../../Gradient/api/models';
import { ACCOUNTS, listRecords } from '../../Gradient/api/records';
import type { MappedAccountState } from '../watchState';
import type { TriggerEvent } from './types';

function accountItem(account: MappableRecord, integration: IntegrationData): IDataObject {
	return {
		accountId: account.id,
		name: account.name,
		description: account.description ?? '',
		mappingId: account.mappingId ?? null,
		organizationId: integration.organizationId,
		partnerName: integration.name,
	};
}

/**
 * An account counts as newly mapped when the last poll did not see it mapped, or saw another
 * mapping: unmapped and mapped again between two polls, or deleted by a disconnect and
 * re-created. Accounts no longer listed are forgotten, so their next mapping is news again.
 */
export const accountMapped: TriggerEvent = async (client, integration, scope) => {
	const mapped = await listRecords(client, ACCOUNTS, scope, { mapping: 'mapped' });
	const mappedAccounts: MappedAccountState[] = mapped.map((account) => ({
		accountId: account.id,
		mappingId: account.mappingId ?? null,
	}));

	return {
		current: () => mapped.map((account) => accountItem(account, integration)),
		changesSince(previous) {
			const before = new Map((previous.mappedAccounts ?? []).map((entry) => [entry.accountId, entry.mappingId]));
			return mapped
				.filter((account) => !before.has(account.id) || before.get(account.id) !== (account.mappingId ?? null))
				.map((account) => accountItem(account, integration));
		},
		recorded: { mappedAccounts },
	};
};
