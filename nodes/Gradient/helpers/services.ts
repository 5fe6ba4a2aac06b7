import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { GradientContext, PartnerScope } from '../transport';
import { gradientApiRequest } from '../transport';
import type { Envelope, VendorData, VendorSku } from '../transport/types';

export interface ServiceFields extends IDataObject {
	name: string;
	description: string;
	category: string;
	subcategory: string;
	supportArticle?: string;
	supportContact?: string;
}

export async function fetchVendor(context: GradientContext, scope: PartnerScope): Promise<VendorData> {
	const response = await gradientApiRequest<Envelope<VendorData>>(
		context,
		{ method: 'GET', path: '/api/vendor-api' },
		scope,
	);
	return response.body.data;
}

export async function fetchServices(context: GradientContext, scope: PartnerScope): Promise<VendorSku[]> {
	return (await fetchVendor(context, scope)).skus ?? [];
}

/**
 * The services in an answer that carries the vendor: unwrapped (as Create Service answers) or
 * in Gradient's `{ data }` envelope. Update Service's answer is not published at all, so
 * neither shape, nor a body, is taken for granted.
 */
function servicesIn(body: unknown): VendorSku[] {
	if (typeof body !== 'object' || body === null) return [];
	const { data, skus } = body as { data?: unknown; skus?: unknown };
	if (Array.isArray(skus)) return skus as VendorSku[];
	return typeof data === 'object' && data !== null ? servicesIn(data) : [];
}

/**
 * Create Service answers with the whole vendor, not the new service. Gradient appends new
 * services, so the new one is the last service of that name; if the answer lacks it, the
 * vendor is read again rather than answering a service without its ID.
 */
export async function createService(
	context: IExecuteFunctions,
	fields: ServiceFields,
	scope: PartnerScope,
): Promise<VendorSku> {
	const response = await gradientApiRequest<unknown>(
		context,
		{ method: 'POST', path: '/api/vendor-api/service', body: fields },
		scope,
	);
	const lastNamed = (services: VendorSku[]) => services.filter((sku) => sku.name === fields.name).pop();
	const created = lastNamed(servicesIn(response.body)) ?? lastNamed(await fetchServices(context, scope));
	if (!created) {
		throw new Error(`Gradient accepted the service "${fields.name}" but does not list it; check Service → Get Many`);
	}
	return created;
}

const SERVICE_NOT_FOUND_HINT = 'No vendor service has this ID. Pick the service from the list, or read the IDs with Service → Get Many.';

const servicePath = (serviceId: string) => `/api/vendor-api/service/${encodeURIComponent(serviceId)}`;

const serviceWithId = (services: VendorSku[], serviceId: string) => services.find((sku) => sku.id === serviceId);

/** The service with this ID, as Gradient answers it (within the vendor), or undefined when the answer lacks it. */
export async function fetchService(context: IExecuteFunctions, serviceId: string, scope: PartnerScope): Promise<VendorSku | undefined> {
	const response = await gradientApiRequest<unknown>(
		context,
		{ method: 'GET', path: servicePath(serviceId), notFoundHint: SERVICE_NOT_FOUND_HINT },
		scope,
	);
	return serviceWithId(servicesIn(response.body), serviceId);
}

/** Answers the service as Gradient has it after the update, read again if the answer lacks it. */
export async function updateService(
	context: IExecuteFunctions,
	serviceId: string,
	changes: IDataObject,
	scope: PartnerScope,
): Promise<VendorSku> {
	const response = await gradientApiRequest<unknown>(
		context,
		{ method: 'PATCH', path: servicePath(serviceId), body: changes, notFoundHint: SERVICE_NOT_FOUND_HINT },
		scope,
	);
	return (
		serviceWithId(servicesIn(response.body), serviceId) ??
		(await fetchService(context, serviceId, scope)) ??
		({ id: serviceId, ...changes } as VendorSku)
	);
}

/** The fields of `wanted` whose value differs from the service Gradient has. */
export function changedServiceFields(existing: VendorSku, wanted: ServiceFields): IDataObject {
	const changes: IDataObject = {};
	for (const [field, value] of Object.entries(wanted)) {
		if (value !== undefined && existing[field] !== value) changes[field] = value;
	}
	return changes;
}
