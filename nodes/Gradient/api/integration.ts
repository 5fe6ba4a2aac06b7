import type { GradientClient } from '../transport/client';
import type { PartnerScope } from '../transport/request';
import type { INTEGRATION_STATUSES } from './catalog';
import type { Envelope, IntegrationData } from './models';

export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];

/** The partner integration the scope's partner key opens: Gradient's preferred check of a key. */
export async function fetchIntegration(client: GradientClient, scope: PartnerScope): Promise<IntegrationData> {
	const response = await client.request<IntegrationData>({ method: 'GET', path: '/api/vendor-api/organization' }, scope);
	return response.body;
}

export async function updateIntegrationStatus(
	client: GradientClient,
	status: IntegrationStatus,
	scope: PartnerScope,
): Promise<IntegrationData> {
	const response = await client.request<Envelope<IntegrationData>>(
		{ method: 'PATCH', path: `/api/vendor-api/organization/status/${status}` },
		scope,
	);
	return response.body.data;
}
