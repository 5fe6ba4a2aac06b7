import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resources } from './actions/registry';
import { resourceOptions, resourceProperties } from './actions/resource';
import { router } from './actions/router';
import { listSearch } from './methods/listSearch';

export class Gradient implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gradient MSP',
		name: 'gradient',
		icon: { light: 'file:gradient.svg', dark: 'file:gradient.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			"Feed Gradient MSP (Synthesize) as a vendor: services, partners' customer accounts, billing unit counts and alerts that become PSA tickets",
		defaults: { name: 'Gradient MSP' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'gradientApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: resourceOptions(resources),
				default: 'usage',
			},
			...resources.flatMap(resourceProperties),
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
