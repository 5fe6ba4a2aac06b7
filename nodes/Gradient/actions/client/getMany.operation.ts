import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { readLimit } from '../../helpers/parameters';
import { optionalText } from '../../helpers/validation';
import type { PartnerScope } from '../../transport';
import { gradientApiRequest } from '../../transport';
import { MAX_CLIENT_PAGES } from '../../tuning';
import { optionsCollection, returnAllAndLimit } from '../common.descriptions';
import { eachItem } from '../outcomes';
import type { GradientOperation, ItemRequest } from '../types';

interface Parameters {
	limit?: number;
	search?: string;
}

interface ClientsPage {
	meta?: IDataObject;
	clients?: IDataObject[];
}

export const description = updateDisplayOptions({ show: { resource: ['client'], operation: ['getMany'] } }, [
	{
		displayName:
			'Gradient has deprecated clients: map accounts instead. This list still shows the PSA companies of the MSP, which helps while onboarding.',
		name: 'deprecationNotice',
		type: 'notice',
		default: '',
	},
	...returnAllAndLimit(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		options: [
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				placeholder: 'e.g. Contoso',
				description: 'Only clients whose name contains this text',
			},
		],
	},
	optionsCollection(),
]);

export function readParameters(this: IExecuteFunctions, itemIndex: number): Parameters {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const search = optionalText(this, itemIndex, { label: 'Search', name: 'filters.search' }, filters.search);
	return { limit: readLimit(this, itemIndex), search: search || undefined };
}

function clientId(client: IDataObject): string | undefined {
	const id = client.id ?? client._id;
	return id === undefined || id === null ? undefined : String(id);
}

/** Follows Gradient's `previousId` cursor (the last client's ID) until a page comes back empty, or the limit is reached. */
async function listClients(context: IExecuteFunctions, parameters: Parameters, scope: PartnerScope) {
	const clients: IDataObject[] = [];
	const seenCursors = new Set<string>();
	let previousId: string | undefined;
	for (let page = 0; page < MAX_CLIENT_PAGES; page++) {
		const response = await gradientApiRequest<ClientsPage>(
			context,
			{ method: 'GET', path: '/api/vendor-api/organization/clients', qs: { search: parameters.search, previousId } },
			scope,
		);
		const pageClients = response.body.clients ?? [];
		clients.push(...pageClients);
		if (parameters.limit !== undefined && clients.length >= parameters.limit) return clients.slice(0, parameters.limit);
		const cursor = pageClients.length ? clientId(pageClients[pageClients.length - 1]) : undefined;
		if (cursor === undefined) return clients;
		if (seenCursors.has(cursor)) {
			throw new NodeApiError(context.getNode(), { message: 'clients cursor repeated' }, {
				message: 'Gradient returned the same page of clients twice',
				description: `The list stopped advancing after client "${cursor}"; ${clients.length} clients were read before stopping.`,
				itemIndex: scope.itemIndex,
			});
		}
		seenCursors.add(cursor);
		previousId = cursor;
	}
	// A list cut short would pass for the whole list.
	throw new NodeApiError(context.getNode(), { message: 'clients list did not end' }, {
		message: 'Gradient kept returning pages of clients',
		description: `The list did not end within ${MAX_CLIENT_PAGES} pages; ${clients.length} clients were read before stopping. Narrow it with Search, or turn off Return All.`,
		itemIndex: scope.itemIndex,
	});
}

export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<Parameters>>) {
	return await eachItem(this, requests, async ({ itemIndex, partnerApiKey, parameters }) =>
		await listClients(this, parameters, { itemIndex, partnerApiKey }),
	);
}

export const operation: GradientOperation<Parameters> = { description, readParameters, execute };
