import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resources } from './actions/registry';
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
				options: [
					{ name: 'Account', value: 'account', description: "A partner's customer, as your system knows it" },
					{ name: 'Alert', value: 'alert', description: 'An event that becomes a ticket in the partner\'s PSA' },
					{ name: 'Client', value: 'client', description: 'A company in the partner\'s PSA (deprecated by Gradient)' },
					{ name: 'Partner', value: 'partner', description: 'The MSP partner\'s integration with you' },
					{ name: 'Partner Service', value: 'partnerService', description: 'A service created for one partner only' },
					{ name: 'Service', value: 'service', description: 'A service (SKU) you sell, shared by all partners' },
					{ name: 'Usage', value: 'usage', description: 'Billing unit counts per account and service' },
					{ name: 'Vendor', value: 'vendor', description: 'Your vendor profile' },
				],
				default: 'usage',
			},
			...Object.values(resources).flatMap((resource) => resource.description),
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
