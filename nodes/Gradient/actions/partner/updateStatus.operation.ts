import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readItemParameter } from '../../helpers/itemParameters';
import { INTEGRATION_STATUSES } from '../../helpers/catalog';
import { requireOneOf } from '../../helpers/validation';
import { gradientApiRequest } from '../../transport';
import type { Envelope, IntegrationData } from '../../transport/types';
import { optionsCollection } from '../common.descriptions';
import { eachItem } from '../outcomes';
import type { GradientOperation, ItemRequest } from '../types';

type Status = (typeof INTEGRATION_STATUSES)[number];

export const description = updateDisplayOptions({ show: { resource: ['partner'], operation: ['updateStatus'] } }, [
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
]);

export function readParameters(this: IExecuteFunctions, itemIndex: number): { status: Status } {
	return {
		status: requireOneOf(this, itemIndex, { label: 'Status', name: 'status' }, readItemParameter(this, itemIndex, 'status'), INTEGRATION_STATUSES),
	};
}

export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<{ status: Status }>>) {
	return await eachItem(this, requests, async ({ itemIndex, partnerApiKey, parameters }) => {
		const response = await gradientApiRequest<Envelope<IntegrationData>>(
			this,
			{ method: 'PATCH', path: `/api/vendor-api/organization/status/${parameters.status}` },
			{ itemIndex, partnerApiKey },
		);
		return response.body.data;
	});
}

export const operation: GradientOperation<{ status: Status }> = { description, readParameters, execute };
