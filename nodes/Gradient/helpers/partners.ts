import type { IExecuteFunctions } from 'n8n-workflow';

import type { ItemRequest } from '../actions/types';
import type { GradientContext, PartnerScope } from '../transport';
import { gradientApiRequest } from '../transport';
import type { IntegrationData } from '../transport/types';
import { hasParameter, readItemParameter } from './itemParameters';
import { invalidInput } from './validation';

export const PARTNER_API_KEY_FIELD = { label: 'Partner API Key', name: 'options.partnerApiKey' };

/**
 * The key a Partner API Key option gives, or null when it gives none: then the option is set
 * but resolves to nothing, and falling back to the credential's partner would send the data
 * to the wrong MSP.
 */
export function partnerKeyFromOption(value: unknown): string | null {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** The item's own partner key, or undefined to use the credential's. */
export function readPartnerApiKey(context: IExecuteFunctions, itemIndex: number): string | undefined {
	if (!hasParameter(context, PARTNER_API_KEY_FIELD.name)) return undefined;
	const partnerApiKey = partnerKeyFromOption(readItemParameter(context, itemIndex, PARTNER_API_KEY_FIELD.name));
	if (partnerApiKey !== null) return partnerApiKey;
	throw invalidInput(
		context,
		itemIndex,
		PARTNER_API_KEY_FIELD,
		'is set but empty for this item',
		'Remove the option to use the credential\'s partner key, or make its expression give every item a key.',
	);
}

/** The partner integration the scope's partner key opens: Gradient's preferred check of a key. */
export async function fetchIntegration(context: GradientContext, scope: PartnerScope): Promise<IntegrationData> {
	const response = await gradientApiRequest<IntegrationData>(context, { method: 'GET', path: '/api/vendor-api/organization' }, scope);
	return response.body;
}

export interface PartnerBatch<Parameters> {
	/** undefined: the credential's own partner key. */
	partnerApiKey?: string;
	requests: Array<ItemRequest<Parameters>>;
}

/** Bulk endpoints and billing rebuilds are per partner: split items by partner, keeping order. */
export function groupByPartner<Parameters>(requests: Array<ItemRequest<Parameters>>): Array<PartnerBatch<Parameters>> {
	const batches = new Map<string | undefined, PartnerBatch<Parameters>>();
	for (const request of requests) {
		let batch = batches.get(request.partnerApiKey);
		if (!batch) {
			batch = { partnerApiKey: request.partnerApiKey, requests: [] };
			batches.set(request.partnerApiKey, batch);
		}
		batch.requests.push(request);
	}
	return [...batches.values()];
}
