// The INodeTypes registry the harness hands to n8n-workflow's Workflow: the node classes
// a test passes in, plus the harness's own source node that feeds the input items.
import { workflowLib } from './runtime.mjs';

const { NodeHelpers, UnexpectedError } = workflowLib;

export const SOURCE_NODE_TYPE = 'harness.items';

/**
 * A minimal node that outputs the given items, each paired to the single trigger item
 * the execution starts with. A fresh instance per run keeps the items out of node
 * parameters, where n8n would treat any string starting with "=" as an expression.
 */
export function createItemsSourceNode(items) {
	return {
		description: {
			displayName: 'Harness Items',
			name: SOURCE_NODE_TYPE,
			group: ['input'],
			version: 1,
			description: 'Outputs the items given to the test harness',
			defaults: { name: 'Harness Items' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		},
		async execute() {
			return [items.map((json) => ({ json: structuredClone(json), pairedItem: { item: 0 } }))];
		},
	};
}

/**
 * @param {Record<string, object>} nodeTypes full type name -> node class instance
 * @param {(type: string, nodeType: object) => object} [decorate] may replace the resolved
 *   (per-version) node type, used to observe the node under test
 */
export function createNodeTypes(nodeTypes, decorate = (_type, nodeType) => nodeType) {
	const resolve = (type) => {
		const nodeType = nodeTypes[type];
		if (nodeType === undefined) {
			throw new UnexpectedError(`Unknown node type "${type}" (not passed to the harness)`);
		}
		return nodeType;
	};
	return {
		getByName(type) {
			return resolve(type);
		},
		getByNameAndVersion(type, version) {
			return decorate(type, NodeHelpers.getVersionedNodeType(resolve(type), version));
		},
		getKnownTypes() {
			return Object.fromEntries(Object.keys(nodeTypes).map((type) => [type, { className: type, sourcePath: '' }]));
		},
	};
}
