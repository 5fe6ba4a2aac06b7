import { fetchAlertStatus } from '../../api/alerts';
import { requireId } from '../../shared/validation';
import { optionsCollection } from '../common.descriptions';
import type { PerItemOperation } from '../operation';

export const getStatus: PerItemOperation<{ messageId: string }> = {
	value: 'getStatus',
	name: 'Get Status',
	description: 'Check whether an alert became a PSA ticket',
	action: 'Get whether an alert became a PSA ticket',
	properties: [
		{
			displayName: 'Message ID',
			name: 'messageId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 3f2b8c1e-7d4a-4e9b-8f6a-2c1d0e9b7a65',
			description: 'The messageId Gradient answered when the alert was created',
		},
		optionsCollection(),
	],
	readParameters: (run, itemIndex) => ({
		messageId: requireId(run.node, itemIndex, { label: 'Message ID', name: 'messageId' }, run.parameters.read(itemIndex, 'messageId')),
	}),
	executeItem: async (run, { itemIndex, partnerApiKey, parameters }) =>
		await fetchAlertStatus(run.client, parameters.messageId, { itemIndex, partnerApiKey }),
};
