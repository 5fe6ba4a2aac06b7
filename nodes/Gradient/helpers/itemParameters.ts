import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameters } from 'n8n-workflow';

/**
 * Reads per-item parameters, answering field references without n8n's expression engine.
 *
 * n8n 2.x resolves every expression in an isolate (its `vm` engine): 0.5 to 0.9 ms per expression
 * and item on two cores, so a 3,000-count sync with three mapped parameters spent 6 s before its
 * first request, and the node checks every item before it sends anything. Nearly every mapping of
 * a sync is a field dragged from the input panel, which n8n writes as `{{ $json.field }}`; its
 * value is the input item's own field, so it is read from the item here. Everything else (other
 * expressions, fixed values, a path that does not end on a text, number, boolean or null) is left
 * to n8n, so errors and edge cases are n8n's own.
 */

/** `={{ $json.a.b }}`, `={{ $json["a b"] }}`, `={{ $json['a'] }}`: nothing but a path into the item's JSON. */
const FIELD_REFERENCE = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"\\]*"|'[^'\\]*')\s*\])+)\s*\}\}$/;
const PATH_SEGMENT = /\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\]/g;

type FieldPath = string[];

interface ParameterSource {
	items: INodeExecutionData[];
	parameters: INodeParameters;
	parameterByName: Map<string, RawParameter>;
}

interface RawParameter {
	/** False when the node does not have the parameter (an option the user has not added). */
	isSet: boolean;
	/** True when it is the same for every item: absent, or not an expression. */
	isFixed: boolean;
	/** The field path its value references, or null when n8n must resolve it. */
	path: FieldPath | null;
	isLocator: boolean;
}

// Keyed on n8n's context object, which lives exactly as long as one node execution.
const sources = new WeakMap<IExecuteFunctions, ParameterSource>();

function sourceOf(context: IExecuteFunctions): ParameterSource {
	let source = sources.get(context);
	if (!source) {
		// getNode() deep-copies the node, so the raw parameters are read once per execution.
		source = { items: context.getInputData(), parameters: context.getNode().parameters, parameterByName: new Map() };
		sources.set(context, source);
	}
	return source;
}

/** The unresolved value at a dotted parameter name. */
function rawValueAt(parameters: INodeParameters, name: string): unknown {
	let value: unknown = parameters;
	for (const key of name.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

function isResourceLocator(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && (value as IDataObject).__rl === true;
}

function rawParameter(source: ParameterSource, name: string): RawParameter {
	let parameter = source.parameterByName.get(name);
	if (!parameter) {
		const value = rawValueAt(source.parameters, name);
		const isLocator = isResourceLocator(value);
		parameter = {
			isSet: value !== undefined,
			isFixed: !(typeof value === 'string' && value.startsWith('=')),
			path: fieldPathOf(isLocator ? value.value : value),
			isLocator,
		};
		source.parameterByName.set(name, parameter);
	}
	return parameter;
}

// n8n refuses or sanitizes these in expressions; its answer is the one to give.
const GUARDED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function fieldPathOf(rawValue: unknown): FieldPath | null {
	if (typeof rawValue !== 'string') return null;
	const reference = FIELD_REFERENCE.exec(rawValue);
	if (!reference) return null;
	const path = [...reference[1].matchAll(PATH_SEGMENT)].map((segment) => segment[1] ?? segment[2] ?? segment[3]);
	return path.some((key) => GUARDED_KEYS.has(key)) ? null : path;
}

const PLAIN_VALUE_TYPES = new Set(['string', 'number', 'boolean']);

/** The field's value, or undefined when the path does not lead through the item's own fields to a plain value. */
function plainFieldValue(json: IDataObject, path: FieldPath): { value: string | number | boolean | null } | undefined {
	let value: unknown = json;
	for (const key of path) {
		if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
		if (!Object.prototype.hasOwnProperty.call(value, key)) return undefined;
		value = (value as IDataObject)[key];
	}
	if (value === null || PLAIN_VALUE_TYPES.has(typeof value)) return { value: value as string | number | boolean | null };
	return undefined;
}

/**
 * What `getNodeParameter(name, itemIndex)` answers for a text or number parameter, and for a
 * resource locator the ID it holds. None of this package's locator modes extracts its ID with a
 * pattern (a test holds that), so a locator's value is its ID as given.
 */
export function readItemParameter(context: IExecuteFunctions, itemIndex: number, name: string): unknown {
	const source = sourceOf(context);
	const { path, isLocator } = rawParameter(source, name);
	const json = source.items[itemIndex]?.json;
	const field = path && json ? plainFieldValue(json, path) : undefined;
	if (field) return field.value;
	return context.getNodeParameter(name, itemIndex, undefined, isLocator ? { extractValue: true } : undefined);
}

/** Whether the parameter has the same value for every item: absent, or not an expression. */
export function isFixedParameter(context: IExecuteFunctions, name: string): boolean {
	return rawParameter(sourceOf(context), name).isFixed;
}

/** Whether the node has the parameter at all: an option the user has not added is absent. */
export function hasParameter(context: IExecuteFunctions, name: string): boolean {
	return rawParameter(sourceOf(context), name).isSet;
}
