import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { partnerApiKeyOption } from '../Gradient/shared/partnerKey';
import { pollGradient } from './poll';

export class GradientTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gradient MSP Trigger',
		name: 'gradientTrigger',
		icon: { light: 'file:../Gradient/gradient.svg', dark: 'file:../Gradient/gradient.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] === "accountMapped" ? "Account Mapped" : "Status Changed" }}',
		description:
			'Starts the workflow when an MSP partner maps customer accounts or its Gradient MSP integration status changes',
		defaults: { name: 'Gradient MSP Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'gradientApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				required: true,
				default: 'accountMapped',
				options: [
					{
						name: 'Account Mapped',
						value: 'accountMapped',
						description:
							'One item per account the partner mapped to a PSA company since the last poll, e.g. to push its usage right away',
					},
					{
						name: 'Status Changed',
						value: 'statusChanged',
						description: 'The partner integration, with its previous and new status, when the status changed since the last poll',
					},
				],
				hint: 'The first poll only records the current state; later polls, also after a re-activation, emit what changed since the last one. A manual test run outputs the current state (every mapped account, or nothing when none is mapped yet; the integration with an empty previous status) and leaves the recorded state alone.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						...partnerApiKeyOption,
						description:
							"The key of the MSP partner to watch instead of the credential's. One trigger watches one partner; changing the key starts over with a first poll.",
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollGradient.call(this);
	}
}
