import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { countServiceId, partnerServicesIfListed } from '../api/partnerServices';
import { ACCOUNTS, PARTNER_SERVICES, listRecords } from '../api/records';
import { fetchServices } from '../api/services';
import { GradientClient } from '../transport/client';
import { LIST_SEARCH_LIMIT, SHORT_WAIT_REQUEST_SETTINGS } from '../tuning';

interface ListEntry {
	/** What the locator holds when the entry is picked. */
	id: string;
	name: string;
	/** Shown under the name; the ID when not given. */
	description?: string;
}

/** Gradient's records carry a description of their own; a list entry shows the ID under the name. */
const asEntries = (records: Array<{ id: string; name: string }>): ListEntry[] => records.map(({ id, name }) => ({ id, name }));

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
	entries: ListEntry[],
	filter: string | undefined,
	paginationToken: string | undefined,
): INodeListSearchResult {
	const matching = entries.filter((entry) => matches(filter, entry.name, entry.id));
	const start = Math.max(0, Number.parseInt(paginationToken ?? '0', 10) || 0);
	const end = start + LIST_SEARCH_LIMIT;
	return {
		results: matching
			.slice(start, end)
			.map((entry) => ({ name: entry.name || entry.id, value: entry.id, description: entry.description ?? entry.id })),
		paginationToken: end < matching.length ? String(end) : undefined,
	};
}

/** Someone is waiting for the list: its requests give up sooner than a run's. */
async function search(
	context: ILoadOptionsFunctions,
	entries: (client: GradientClient) => Promise<ListEntry[]>,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	return toResults(await entries(new GradientClient(context, SHORT_WAIT_REQUEST_SETTINGS)), filter, paginationToken);
}

/** Lists use the credential's partner: a per-item partner key exists only while running. */
export const listSearch = {
	async searchServices(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await search(this, async (client) => asEntries(await fetchServices(client, {})), filter, paginationToken);
	},
	/** What a count can be set on: the vendor's services, then the partner's own, if Gradient lists them. */
	async searchCountableServices(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await search(
			this,
			async (client) => {
				const [vendorServices, partnerServices] = await Promise.all([fetchServices(client, {}), partnerServicesIfListed(client, {})]);
				return [
					...asEntries(vendorServices),
					...(partnerServices ?? []).map((service) => ({
						id: countServiceId(service),
						name: `${service.name} (partner service)`,
						description: `partner service ${service.id}`,
					})),
				];
			},
			filter,
			paginationToken,
		);
	},
	async searchAccounts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await search(this, async (client) => asEntries(await listRecords(client, ACCOUNTS, {})), filter, paginationToken);
	},
	async searchPartnerServices(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await search(this, async (client) => asEntries(await listRecords(client, PARTNER_SERVICES, {})), filter, paginationToken);
	},
};
