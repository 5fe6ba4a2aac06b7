import type { GradientClient } from '../transport/client';
import { isUnknownRouteError } from '../transport/errors';
import type { PartnerScope } from '../transport/request';
import type { MappableRecord } from './models';
import { PARTNER_SERVICES, listRecords } from './records';

/**
 * The service ID a count on a partner service is sent with. The count route's reference speaks
 * of vendor services only, whose ID is Gradient's own. For a partner service, Gradient's own SDK
 * sync template sends the service's `_id` (Gradient's ID), not the ID the vendor gave it: that
 * is the reading the record supports best, so `_id` when Gradient's list gives one, else `id`.
 */
export function countServiceId(service: MappableRecord): string {
	return typeof service._id === 'string' && service._id !== '' ? service._id : service.id;
}

/** How a count on this partner service was sent, in words, for a 404 that may mean the other reading is Gradient's. */
export function countServiceIdReading(service: MappableRecord, sentServiceId: string): string {
	const sentAs =
		sentServiceId === service._id
			? `its Gradient ID "${sentServiceId}" (_id), as Gradient's own SDK sends it`
			: `the ID you gave it, "${sentServiceId}"${service._id ? `, not its Gradient ID "${service._id}"` : ''}`;
	return `Every count on partner service "${service.name}" came back 404; it was sent with ${sentAs}. Gradient does not document which ID a count on a partner service takes: if the MSP has mapped this service and these accounts, the other ID may be the one.`;
}

/** The partner services a count may name: by Gradient's ID or by the vendor's. */
export function partnerServiceNamed(services: MappableRecord[], serviceId: string): MappableRecord | undefined {
	return services.find((service) => service._id === serviceId) ?? services.find((service) => service.id === serviceId);
}

/**
 * The partner's own services, or undefined when Gradient does not serve their list (the route is
 * undocumented). Any other failure (keys refused, Gradient down) is the caller's to report.
 */
export async function partnerServicesIfListed(client: GradientClient, scope: PartnerScope): Promise<MappableRecord[] | undefined> {
	const listed = await listRecords(client, PARTNER_SERVICES, scope).then(
		(services) => ({ services }),
		(error: unknown) => ({ error }),
	);
	if ('services' in listed) return listed.services;
	if (isUnknownRouteError(listed.error)) return undefined;
	throw listed.error;
}
