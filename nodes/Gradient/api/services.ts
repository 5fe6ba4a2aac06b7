import type { IDataObject } from 'n8n-workflow';

import type { GradientClient } from '../transport/client';
import { unexpectedAnswer } from '../transport/errors';
import type { GradientRequest, PartnerScope } from '../transport/request';
import type { VendorSku } from './models';
import { fetchVendor } from './vendor';

export interface ServiceFields extends IDataObject {
	name: string;
	description: string;
	category: string;
	subcategory: string;
	supportArticle?: string;
	supportContact?: string;
}

export async function fetchServices(client: GradientClient, scope: PartnerScope): Promise<VendorSku[]> {
	return (await fetchVendor(client, scope)).skus ?? [];
}

/**
 * The services in an answer that carries the vendor: unwrapped (as Create Service answers) or
 * in Gradient's `{ data }` envelope (as Get Vendor Service answers); neither is taken for granted.
 */
function servicesIn(body: unknown): VendorSku[] {
	if (typeof body !== 'object' || body === null) return [];
	const { data, skus } = body as { data?: unknown; skus?: unknown };
	if (Array.isArray(skus)) return skus as VendorSku[];
	return typeof data === 'object' && data !== null ? servicesIn(data) : [];
}

const SERVICE_LIST_HINT = 'Check the services with Service → Get Many.';

/**
 * Create Service answers with the whole vendor, not the new service. Gradient appends new
 * services, so the new one is the last service of that name; if the answer lacks it, the
 * vendor is read again rather than answering a service without its ID.
 */
export async function createService(client: GradientClient, fields: ServiceFields, scope: PartnerScope): Promise<VendorSku> {
	const request: GradientRequest = { method: 'POST', path: '/api/vendor-api/service', body: fields };
	const response = await client.request<unknown>(request, scope);
	const lastNamed = (services: VendorSku[]) => services.filter((sku) => sku.name === fields.name).pop();
	const created = lastNamed(servicesIn(response.body)) ?? lastNamed(await fetchServices(client, scope));
	if (!created) {
		throw unexpectedAnswer(client.node, scope, `Gradient accepted the service "${fields.name}" but does not list it`, SERVICE_LIST_HINT);
	}
	return created;
}

const SERVICE_NOT_FOUND_HINT = 'No vendor service has this ID. Pick the service from the list, or read the IDs with Service → Get Many.';

const servicePath = (serviceId: string) => `/api/vendor-api/service/${encodeURIComponent(serviceId)}`;

const serviceWithId = (services: VendorSku[], serviceId: string) => services.find((sku) => sku.id === serviceId);

/** The service with this ID, as Gradient answers it (within the vendor). */
export async function fetchService(client: GradientClient, serviceId: string, scope: PartnerScope): Promise<VendorSku> {
	const request: GradientRequest = { method: 'GET', path: servicePath(serviceId), notFoundHint: SERVICE_NOT_FOUND_HINT };
	const response = await client.request<unknown>(request, scope);
	const service = serviceWithId(servicesIn(response.body), serviceId);
	if (!service) {
		throw unexpectedAnswer(client.node, scope, `Gradient's answer holds no service with ID "${serviceId}"`, SERVICE_LIST_HINT);
	}
	return service;
}

/**
 * Updating a vendor service is in Gradient's 2023 SDK, declared with no body and no answer, and
 * in no reference page or later spec: Gradient may not serve it, or may answer without applying
 * it. So the service is read back, and a change that did not land fails the item.
 */
const UPDATE_UNCONFIRMED =
	"Gradient does not document updating a vendor service (the route is only in its 2023 SDK): change the service in Gradient's vendor portal, or ask Gradient vendor support.";

/** Answers the service as Gradient holds it after the update. */
export async function updateService(
	client: GradientClient,
	serviceId: string,
	changes: IDataObject,
	scope: PartnerScope,
): Promise<VendorSku> {
	await client.request<unknown>(
		{
			method: 'PATCH',
			path: servicePath(serviceId),
			body: changes,
			notFoundHint: SERVICE_NOT_FOUND_HINT,
			unknownRouteHint: `Gradient does not serve updates of a vendor service. ${UPDATE_UNCONFIRMED}`,
		},
		scope,
	);
	const service = await fetchService(client, serviceId, scope);
	const notApplied = Object.keys(changes).filter((field) => service[field] !== changes[field]);
	if (notApplied.length) {
		throw unexpectedAnswer(
			client.node,
			scope,
			`Gradient accepted the update of service "${service.name}" but did not apply it`,
			`Read back after the update, it still holds ${notApplied.map((field) => `${field} ${JSON.stringify(service[field] ?? null)}`).join(', ')}. ${UPDATE_UNCONFIRMED}`,
		);
	}
	return service;
}

/** The fields of `wanted` whose value differs from the service Gradient has. */
export function changedServiceFields(existing: VendorSku, wanted: ServiceFields): IDataObject {
	const changes: IDataObject = {};
	for (const [field, value] of Object.entries(wanted)) {
		if (value !== undefined && existing[field] !== value) changes[field] = value;
	}
	return changes;
}
