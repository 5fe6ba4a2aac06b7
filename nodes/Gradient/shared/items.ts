/** One input item, its parameters read and checked, ready to be sent. */
export interface ItemRequest<Parameters> {
	itemIndex: number;
	/** The item's own partner key, or undefined to use the credential's. */
	partnerApiKey?: string;
	parameters: Parameters;
}

/** The partner of an input item whose Partner API Key did not read. */
export const UNKNOWN_PARTNER = Symbol('unknown partner');

/** An input item that failed before the operation got it: bad input, or no partner key to send it with. */
export interface RejectedItem {
	itemIndex: number;
	/** The item's own partner key, undefined for the credential's, UNKNOWN_PARTNER when it did not read. */
	partnerApiKey: string | undefined | typeof UNKNOWN_PARTNER;
}

/** The rejected items that may be a partner's: its own, and those whose partner is unknown. */
export function rejectedOf(rejected: RejectedItem[], partnerApiKey: string | undefined): number[] {
	return rejected.filter((item) => item.partnerApiKey === partnerApiKey || item.partnerApiKey === UNKNOWN_PARTNER).map((item) => item.itemIndex);
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

/** The first item that gives each key, for errors that name one item per key. */
export function firstItemByKey<Parameters>(
	requests: Array<ItemRequest<Parameters>>,
	keyOf: (parameters: Parameters) => string,
): Map<string, number> {
	const firstItems = new Map<string, number>();
	for (const request of requests) {
		const key = keyOf(request.parameters);
		if (!firstItems.has(key)) firstItems.set(key, request.itemIndex);
	}
	return firstItems;
}
