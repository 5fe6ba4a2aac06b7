import type { INode } from 'n8n-workflow';

/** A Gradient node as a workflow stores it, for code that only needs the node's identity. */
export const gradientNode: INode = {
	id: 'node-1',
	name: 'Gradient MSP',
	type: 'n8n-nodes-gradient-msp.gradient',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
