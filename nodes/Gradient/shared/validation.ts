import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Names a parameter the way the editor shows it, plus its internal name for expressions. */
export interface Field {
	label: string;
	name: string;
}

export function invalidInput(
	node: INode,
	itemIndex: number,
	field: Field,
	problem: string,
	hint?: string,
): NodeOperationError {
	return new NodeOperationError(
		node,
		`[item ${itemIndex}] ${field.label} (${field.name}) ${problem}`,
		{ itemIndex, description: hint },
	);
}

function describeValue(value: unknown): string {
	if (value === undefined || value === null) return 'nothing';
	if (typeof value === 'string') return value.trim() === '' ? 'an empty text' : `"${value}"`;
	if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'an object';
	return `${typeof value} ${String(value)}`;
}

/**
 * Gradient ids are strings. Whole numbers are accepted too, because ids read from a database
 * often arrive as numbers, and sent as their decimal text.
 */
export function requireId(node: INode, itemIndex: number, field: Field, value: unknown): string {
	if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	throw invalidInput(node, itemIndex, field, `must be a non-empty ID, got ${describeValue(value)}`);
}

export function requireText(node: INode, itemIndex: number, field: Field, value: unknown): string {
	if (typeof value === 'string' && value.trim() !== '') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw invalidInput(node, itemIndex, field, `must be a non-empty text, got ${describeValue(value)}`);
}

export function optionalText(
	node: INode,
	itemIndex: number,
	field: Field,
	value: unknown,
): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw invalidInput(node, itemIndex, field, `must be a text, got ${describeValue(value)}`);
}

/** A text that may be left out but not emptied, as a name: Gradient would blank it. */
export function optionalNonEmptyText(
	node: INode,
	itemIndex: number,
	field: Field,
	value: unknown,
): string | undefined {
	return value === undefined || value === null ? undefined : requireText(node, itemIndex, field, value);
}

/** Numeric text (CSV, SQL, expressions) is read as a number. */
function asNumber(value: unknown): unknown {
	return typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
}

/** Counts are quantities: finite and not negative. */
export function requireUnitCount(node: INode, itemIndex: number, field: Field, value: unknown): number {
	const count = asNumber(value);
	if (typeof count === 'number' && Number.isFinite(count) && count >= 0) return count;
	throw invalidInput(node, itemIndex, field, `must be a number of 0 or more, got ${describeValue(value)}`);
}

export function requireIntegerInRange(
	node: INode,
	itemIndex: number,
	field: Field,
	value: unknown,
	minimum: number,
	maximum: number,
): number {
	const number = asNumber(value);
	if (typeof number === 'number' && Number.isInteger(number) && number >= minimum && number <= maximum) {
		return number;
	}
	throw invalidInput(
		node,
		itemIndex,
		field,
		`must be a whole number from ${minimum} to ${maximum}, got ${describeValue(value)}`,
	);
}

export function requirePositiveInteger(node: INode, itemIndex: number, field: Field, value: unknown): number {
	const number = asNumber(value);
	if (typeof number === 'number' && Number.isInteger(number) && number >= 1) return number;
	throw invalidInput(node, itemIndex, field, `must be a whole number of 1 or more, got ${describeValue(value)}`);
}

export function requireOneOf<T extends string>(
	node: INode,
	itemIndex: number,
	field: Field,
	value: unknown,
	allowed: readonly T[],
): T {
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
	throw invalidInput(
		node,
		itemIndex,
		field,
		`must be one of ${allowed.map((entry) => `"${entry}"`).join(', ')}, got ${describeValue(value)}`,
	);
}

export function optionalDateTime(
	node: INode,
	itemIndex: number,
	field: Field,
	value: unknown,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const parsed = typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
	if (parsed && !Number.isNaN(parsed.getTime())) return parsed.toISOString();
	throw invalidInput(node, itemIndex, field, `must be a date and time, got ${describeValue(value)}`);
}
