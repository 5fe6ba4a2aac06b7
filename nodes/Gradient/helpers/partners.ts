import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ItemRequest } from '../actions/types';
import { invalidInput } from './validation';

export const PARTNER_API_KEY_FIELD = { label: 'Partner API Key', name: 'options.partnerApiKey' };

/**
 * The item's own partner key, or undefined to use the credential's. An option that is set
 * but resolves to nothing is an error: falling back to the credential's partner would send
 * this item's data to the wrong MSP.
 */
export function readPartnerApiKey(context: IExecuteFunctions, itemIndex: number): string | undefined {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const value = options.partnerApiKey;
	if (value === undefined) return undefined;
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	throw invalidInput(
		context,
		itemIndex,
		PARTNER_API_KEY_FIELD,
		'is set but empty for this item',
		'Remove the option to use the credential\'s partner key, or make its expression give every item a key.',
	);
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
