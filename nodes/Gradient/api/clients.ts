import type { IDataObject } from 'n8n-workflow';

import type { GradientClient } from '../transport/client';
import { unexpectedAnswer } from '../transport/errors';
import type { GradientRequest, PartnerScope } from '../transport/request';
import { MAX_CLIENT_PAGES } from '../tuning';

interface ClientsPage {
	meta?: IDataObject;
	clients?: unknown[];
}

export interface ClientsQuery {
	search?: string;
	/** undefined: the whole list. */
	limit?: number;
}

function clientId(client: IDataObject): string | undefined {
	const id = client.id ?? client._id;
	return id === undefined || id === null || id === '' ? undefined : String(id);
}

const isClient = (element: unknown): element is IDataObject =>
	typeof element === 'object' && element !== null && !Array.isArray(element);

/**
 * Follows Gradient's `previousId` cursor (the last client's ID) until a page comes back empty, or
 * the limit is reached. Gradient's SDK types the list's elements as texts; a page the cursor
 * cannot be read from fails, since returning it would pass one page for the whole list.
 */
export async function listClients(client: GradientClient, query: ClientsQuery, scope: PartnerScope): Promise<IDataObject[]> {
	const clients: IDataObject[] = [];
	const seenCursors = new Set<string>();
	const request: GradientRequest = { method: 'GET', path: '/api/vendor-api/organization/clients' };
	let previousId: string | undefined;
	for (let page = 0; page < MAX_CLIENT_PAGES; page++) {
		const response = await client.request<ClientsPage>({ ...request, qs: { search: query.search, previousId } }, scope);
		const pageClients: unknown[] = response.body.clients ?? [];
		if (!pageClients.every(isClient)) {
			throw unexpectedAnswer(
				client.node,
				scope,
				'Gradient answered the clients list in a shape this node cannot read',
				`Its entries are not clients with an ID (the first is ${JSON.stringify(pageClients.find((element) => !isClient(element)))}), so the list cannot be followed past its first page. Clients are deprecated by Gradient: map accounts instead.`,
			);
		}
		clients.push(...pageClients);
		if (query.limit !== undefined && clients.length >= query.limit) return clients.slice(0, query.limit);
		if (pageClients.length === 0) return clients;
		const cursor = clientId(pageClients[pageClients.length - 1]);
		if (cursor === undefined) {
			throw unexpectedAnswer(
				client.node,
				scope,
				'Gradient answered a page of clients without an ID to continue from',
				`The last client of the page has no id or _id; ${clients.length} clients were read before stopping. Clients are deprecated by Gradient: map accounts instead.`,
			);
		}
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
