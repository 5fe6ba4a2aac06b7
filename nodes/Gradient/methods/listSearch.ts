import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { ACCOUNTS, PARTNER_SERVICES, listRecords } from '../api/records';
import { fetchServices } from '../api/services';
import { GradientClient } from '../transport/client';
import { LIST_SEARCH_LIMIT, SHORT_WAIT_REQUEST_SETTINGS } from '../tuning';

function matches(filter: string | undefined, ...texts: Array<string | undefined>): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some((text) => text?.toLowerCase().includes(needle));
}

/**
 * Gradient answers these lists whole; the editor gets them a page at a time, the token being
 * where the next page starts, so a long list is never cut short.
 */
function toResults(
	entries: Array<{ id: string; name: string }>,
	filter: string | undefined,
	paginationToken: string | undefined,
): INodeListSearchResult {
	const matching = entries.filter((entry) => matches(filter, entry.name, entry.id));
	const start = Math.max(0, Number.parseInt(paginationToken ?? '0', 10) || 0);
	const end = start + LIST_SEARCH_LIMIT;
	return {
		results: matching.slice(start, end).map((entry) => ({ name: entry.name || entry.id, value: entry.id, description: entry.id })),
		paginationToken: end < matching.length ? String(end) : undefined,
	};
}

/** Someone is waiting for the list: its requests give up sooner than a run's. */
async function search(
	context: ILoadOptionsFunctions,
	entries: (client: GradientClient) => Promise<Array<{ id: string; name: string }>>,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	return toResults(await entries(new GradientClient(context, SHORT_WAIT_REQUEST_SETTINGS)), filter, paginationToken);
}

/** Lists use the credential's partner: a per-item partner key exists only while running. */
export const listSearch = {
	async searchServices(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await search(this, async (client) => await fetchServices(client, {}), filter, paginationToken);
	},
	async searchAccounts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await search(this, async (client) => await listRecords(client, ACCOUNTS, {}), filter, paginationToken);
	},
	async searchPartnerServices(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await search(this, async (client) => await listRecords(client, PARTNER_SERVICES, {}), filter, paginationToken);
	},
};
