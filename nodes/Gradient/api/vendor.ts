import type { IDataObject } from 'n8n-workflow';

import type { GradientClient } from '../transport/client';
import type { PartnerScope } from '../transport/request';
import type { Envelope, VendorData } from './models';

export async function fetchVendor(client: GradientClient, scope: PartnerScope): Promise<VendorData> {
	const response = await client.request<Envelope<VendorData>>({ method: 'GET', path: '/api/vendor-api' }, scope);
	return response.body.data;
}

export async function updateVendor(client: GradientClient, changes: IDataObject, scope: PartnerScope): Promise<VendorData> {
	const response = await client.request<Envelope<VendorData>>({ method: 'PATCH', path: '/api/vendor-api', body: changes }, scope);
	return response.body.data;
}
