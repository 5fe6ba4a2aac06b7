import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

/**
 * Reads per-item parameters, answering field references without n8n's expression engine.
 *
 * n8n 2.x resolves every expression in an isolate, which costs more per expression and item than
 * everything else the node does for that item, and the node checks every item before it sends
 * anything: a large sync spent seconds before its first request. Nearly every mapping of
 * a sync is a field dragged from the input panel, which n8n writes as `{{ $json.field }}`; its
 * value is the input item's own field, so it is read from the item here. Everything else (other
 * expressions, fixed values, a path that does not end on a text, number, boolean or null) is left
 * to n8n, so errors and edge cases are n8n's own. A parameter without any expression has one
 * value for the whole run: n8n resolves it once.
 */

/** `={{ $json.a.b }}`, `={{ $json["a b"] }}`, `={{ $json['a'] }}`: nothing but a path into the item's JSON. */
const FIELD_REFERENCE = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"\\]*"|'[^'\\]*')\s*\])+)\s*\}\}$/;
const PATH_SEGMENT = /\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\]/g;

type FieldPath = string[];

interface RawParameter {
	/** False when the node does not have the parameter (an option the user has not added). */
	isSet: boolean;
	/** True when it is the same for every item: absent, or holding no expression anywhere. */
	isFixed: boolean;
	/** The field path its value references, or null when n8n must resolve it. */
	path: FieldPath | null;
	isLocator: boolean;
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

function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (value === null || typeof value !== 'object') return false;
	return Object.values(value).some(holdsExpression);
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

/** The parameters of one node execution, read per item. Created by the router for each run. */
export class ItemParameters {
	/** The node, copied once: n8n's getNode() deep-copies it on every call. */
	readonly node: INode;

	private readonly items: INodeExecutionData[];

	private readonly rawByName = new Map<string, RawParameter>();

	private readonly fixedValueByName = new Map<string, unknown>();

	constructor(private readonly context: IExecuteFunctions) {
		this.node = context.getNode();
		this.items = context.getInputData();
	}

	/**
	 * What `getNodeParameter(name, itemIndex, fallback)` answers, and for a resource locator the
	 * ID it holds. None of this package's locator modes extracts its ID with a pattern (a test
	 * holds that), so a locator's value is its ID as given.
	 */
	read(itemIndex: number, name: string, fallback?: unknown): unknown {
		const { path, isLocator, isSet, isFixed } = this.raw(name);
		const json = this.items[itemIndex]?.json;
		const field = path && json ? plainFieldValue(json, path) : undefined;
		if (field) return field.value;
		const resolve = () =>
			this.context.getNodeParameter(name, itemIndex, fallback, isLocator ? { extractValue: true } : undefined);
		if (!(isSet && isFixed)) return resolve();
		if (!this.fixedValueByName.has(name)) this.fixedValueByName.set(name, resolve());
		return this.fixedValueByName.get(name);
	}

	/** Whether the node has the parameter at all: an option the user has not added is absent. */
	has(name: string): boolean {
		return this.raw(name).isSet;
	}

	private raw(name: string): RawParameter {
		let parameter = this.rawByName.get(name);
		if (!parameter) {
			const value = rawValueAt(this.node.parameters, name);
			const isLocator = isResourceLocator(value);
			parameter = {
				isSet: value !== undefined,
				isFixed: !holdsExpression(value),
				path: fieldPathOf(isLocator ? value.value : value),
				isLocator,
			};
			this.rawByName.set(name, parameter);
		}
		return parameter;
	}
}
