import type { IDataObject } from 'n8n-workflow';

import type { GradientClient } from '../transport/client';
import { unexpectedAnswer } from '../transport/errors';
import type { GradientRequest, PartnerScope } from '../transport/request';
import { MAX_CLIENT_PAGES } from '../tuning';

interface ClientsPage {
	meta?: IDataObject;
	clients?: IDataObject[];
}

export interface ClientsQuery {
	search?: string;
	/** undefined: the whole list. */
	limit?: number;
}

function clientId(client: IDataObject): string | undefined {
	const id = client.id ?? client._id;
	return id === undefined || id === null ? undefined : String(id);
}

/** Follows Gradient's `previousId` cursor (the last client's ID) until a page comes back empty, or the limit is reached. */
export async function listClients(client: GradientClient, query: ClientsQuery, scope: PartnerScope): Promise<IDataObject[]> {
	const clients: IDataObject[] = [];
	const seenCursors = new Set<string>();
	const request: GradientRequest = { method: 'GET', path: '/api/vendor-api/organization/clients' };
	let previousId: string | undefined;
	for (let page = 0; page < MAX_CLIENT_PAGES; page++) {
		const response = await client.request<ClientsPage>({ ...request, qs: { search: query.search, previousId } }, scope);
		const pageClients = response.body.clients ?? [];
		clients.push(...pageClients);
		if (query.limit !== undefined && clients.length >= query.limit) return clients.slice(0, query.limit);
		const cursor = pageClients.length ? clientId(pageClients[pageClients.length - 1]) : undefined;
		if (cursor === undefined) return clients;
		if (seenCursors.has(cursor)) {
			throw unexpectedAnswer(
				client.node,
				scope,
				'Gradient returned the same page of clients twice',
				`The list stopped advancing after client "${cursor}"; ${clients.length} clients were read before stopping.`,
			);
		}
		seenCursors.add(cursor);
		previousId = cursor;
	}
	// A list cut short would pass for the whole list.
	throw unexpectedAnswer(
		client.node,
		scope,
		'Gradient kept returning pages of clients',
		`The list did not end within ${MAX_CLIENT_PAGES} pages; ${clients.length} clients were read before stopping. Narrow it with Search, or turn off Return All.`,
	);
}
