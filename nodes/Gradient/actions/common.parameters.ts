import type { Field } from '../shared/validation';
import { requireId, requirePositiveInteger } from '../shared/validation';
import type { ParameterRun } from './operation';

/** Reads a resource locator (list or ID mode) or plain ID parameter as a checked ID. */
export function readId(run: ParameterRun, itemIndex: number, field: Field): string {
	return requireId(run.node, itemIndex, field, run.parameters.read(itemIndex, field.name));
}

/** How many results a Get Many returns: undefined means all. */
export function readLimit(run: ParameterRun, itemIndex: number): number | undefined {
	if (run.parameters.read(itemIndex, 'returnAll', false) === true) return undefined;
	// An expression can give what the field's own minimum would refuse: 0, -1 or text.
	return requirePositiveInteger(run.node, itemIndex, { label: 'Limit', name: 'limit' }, run.parameters.read(itemIndex, 'limit', 50));
}

export function applyLimit<T>(records: T[], limit: number | undefined): T[] {
	return limit === undefined ? records : records.slice(0, limit);
}
