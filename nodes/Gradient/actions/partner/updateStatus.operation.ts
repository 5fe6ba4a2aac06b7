import { INTEGRATION_STATUSES } from '../../api/catalog';
import type { IntegrationStatus } from '../../api/integration';
import { updateIntegrationStatus } from '../../api/integration';
import { requireOneOf } from '../../shared/validation';
import { optionsCollection } from '../common.descriptions';
import type { PerItemOperation } from '../operation';

export const updateStatus: PerItemOperation<{ status: IntegrationStatus }> = {
	value: 'updateStatus',
	name: 'Update Status',
	description: 'Set the partner integration status (pending once the MSP has entered its key)',
	action: 'Update the MSP partner integration status',
	properties: [
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			required: true,
			default: 'pending',
			description: "The partner integration's status in Gradient, which tells the MSP where its connection to you stands",
			options: [
				{
					name: 'Active',
					value: 'active',
					description: 'Ready for sync. Gradient also sets this itself once it receives usage or an alert.',
				},
				{
					name: 'Inactive',
					value: 'inactive',
					description: 'The partner disconnected on your side',
				},
				{
					name: 'Pending',
					value: 'pending',
					description: 'The partner entered its key in your portal: lets the MSP go on to mapping in Synthesize',
				},
			],
		},
		optionsCollection(),
	],
	readParameters: (run, itemIndex) => ({
		status: requireOneOf(run.node, itemIndex, { label: 'Status', name: 'status' }, run.parameters.read(itemIndex, 'status'), INTEGRATION_STATUSES),
	}),
	executeItem: async (run, { itemIndex, partnerApiKey, parameters }) =>
		await updateIntegrationStatus(run.client, parameters.status, { itemIndex, partnerApiKey }),
};
