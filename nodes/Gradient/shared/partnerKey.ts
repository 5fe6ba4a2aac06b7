import type { INodeProperties } from 'n8n-workflow';

import type { ItemParameters } from './itemParameters';
import { invalidInput } from './validation';

export const PARTNER_API_KEY_FIELD = { label: 'Partner API Key', name: 'options.partnerApiKey' };

export const partnerApiKeyOption: INodeProperties = {
	displayName: 'Partner API Key',
	name: 'partnerApiKey',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	description:
		"The MSP partner key to use for this item instead of the credential's. Map it from a field of your data to serve every partner from one workflow: items are grouped by partner, and each partner gets its own bulk requests and billing rebuild.",
};

/**
 * The key a Partner API Key option gives, or null when it gives none: then the option is set
 * but resolves to nothing, and falling back to the credential's partner would send the data
 * to the wrong MSP.
 */
export function partnerKeyFromOption(value: unknown): string | null {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** The item's own partner key, or undefined to use the credential's. */
export function readItemPartnerKey(parameters: ItemParameters, itemIndex: number): string | undefined {
	if (!parameters.has(PARTNER_API_KEY_FIELD.name)) return undefined;
	const partnerApiKey = partnerKeyFromOption(parameters.read(itemIndex, PARTNER_API_KEY_FIELD.name));
	if (partnerApiKey !== null) return partnerApiKey;
	throw invalidInput(
		parameters.node,
		itemIndex,
		PARTNER_API_KEY_FIELD,
		'is set but empty for this item',
		'Remove the option to use the credential\'s partner key, or make its expression give every item a key.',
	);
}
