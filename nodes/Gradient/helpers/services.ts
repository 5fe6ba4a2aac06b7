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
 * Create Service answers with the whole vendor, not the new service. Gradient appends new
 * services, so the new one is the last service of that name.
 */
export async function createService(
	context: IExecuteFunctions,
	fields: ServiceFields,
	scope: PartnerScope,
): Promise<VendorSku> {
	const response = await gradientApiRequest<VendorData>(
		context,
		{ method: 'POST', path: '/api/vendor-api/service', body: fields },
		scope,
	);
	const created = (response.body.skus ?? []).filter((sku) => sku.name === fields.name).pop();
	return created ?? (fields as VendorSku);
}

export async function updateService(
	context: IExecuteFunctions,
	serviceId: string,
	changes: IDataObject,
	scope: PartnerScope,
): Promise<VendorSku> {
	const response = await gradientApiRequest<Envelope<VendorData>>(
		context,
		{
			method: 'PATCH',
			path: `/api/vendor-api/service/${encodeURIComponent(serviceId)}`,
			body: changes,
			notFoundHint: 'No vendor service has this ID. Pick the service from the list, or read the IDs with Service → Get Many.',
		},
		scope,
	);
	return (response.body.data.skus ?? []).find((sku) => sku.id === serviceId) ?? { id: serviceId, ...changes } as VendorSku;
}

/** The fields of `wanted` whose value differs from the service Gradient has. */
export function changedServiceFields(existing: VendorSku, wanted: ServiceFields): IDataObject {
	const changes: IDataObject = {};
	for (const [field, value] of Object.entries(wanted)) {
		if (value !== undefined && existing[field] !== value) changes[field] = value;
	}
	return changes;
}
