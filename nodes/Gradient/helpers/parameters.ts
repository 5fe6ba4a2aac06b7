import type { IExecuteFunctions } from 'n8n-workflow';

import { readItemParameter } from './itemParameters';
import type { Field } from './validation';
import { requireId, requirePositiveInteger } from './validation';

/** Reads a resource locator (list or ID mode) or plain ID parameter as a checked ID. */
export function readIdParameter(context: IExecuteFunctions, itemIndex: number, field: Field): string {
	return requireId(context, itemIndex, field, readItemParameter(context, itemIndex, field.name));
}

/** How many results a Get Many returns: undefined means all. */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	// An expression can give what the field's own minimum would refuse: 0, -1 or text.
	return requirePositiveInteger(context, itemIndex, { label: 'Limit', name: 'limit' }, context.getNodeParameter('limit', itemIndex, 50));
}

export function applyLimit<T>(records: T[], limit: number | undefined): T[] {
	return limit === undefined ? records : records.slice(0, limit);
}
