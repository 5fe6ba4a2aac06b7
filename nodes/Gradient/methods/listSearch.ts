import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { RecordKind } from '../helpers/records';
import { ACCOUNTS, PARTNER_SERVICES, listRecords } from '../helpers/records';
import { fetchServices } from '../helpers/services';
import { LIST_SEARCH_LIMIT } from '../tuning';

function matches(filter: string | undefined, ...texts: Array<string | undefined>): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some((text) => text?.toLowerCase().includes(needle));
}

function toResults(entries: Array<{ id: string; name: string }>, filter: string | undefined): INodeListSearchResult {
	return {
		results: entries
			.filter((entry) => matches(filter, entry.name, entry.id))
			.slice(0, LIST_SEARCH_LIMIT)
			.map((entry) => ({ name: entry.name, value: entry.id, description: entry.id })),
	};
}

async function searchRecords(context: ILoadOptionsFunctions, kind: RecordKind, filter?: string) {
	return toResults(await listRecords(context, kind, {}), filter);
}

/** Lists use the credential's partner: a per-item partner key exists only while running. */
export const listSearch = {
	async searchServices(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		return toResults(await fetchServices(this, {}), filter);
	},
	async searchAccounts(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		return await searchRecords(this, ACCOUNTS, filter);
	},
	async searchPartnerServices(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		return await searchRecords(this, PARTNER_SERVICES, filter);
	},
};
