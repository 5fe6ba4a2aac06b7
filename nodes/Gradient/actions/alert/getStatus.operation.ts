import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readItemParameter } from '../../helpers/itemParameters';
import { requireId } from '../../helpers/validation';
import { gradientApiRequest } from '../../transport';
import { optionsCollection } from '../common.descriptions';
import { eachItem } from '../outcomes';
import type { GradientOperation, ItemRequest } from '../types';

export const description = updateDisplayOptions({ show: { resource: ['alert'], operation: ['getStatus'] } }, [
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
]);

export function readParameters(this: IExecuteFunctions, itemIndex: number) {
	return {
		messageId: requireId(this, itemIndex, { label: 'Message ID', name: 'messageId' }, readItemParameter(this, itemIndex, 'messageId')),
	};
}

/** Whether the alert became a PSA ticket: status pending, success (with ticketId) or failed (with errors). */
export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<{ messageId: string }>>) {
	return await eachItem(this, requests, async ({ itemIndex, partnerApiKey, parameters }) => {
		const response = await gradientApiRequest<IDataObject>(
			this,
			{
				method: 'GET',
				path: `/api/vendor-api/alerting/debug/${encodeURIComponent(parameters.messageId)}`,
				notFoundHint: 'No alert of this partner has this message ID.',
			},
			{ itemIndex, partnerApiKey },
		);
		return response.body;
	});
}

export const operation: GradientOperation<{ messageId: string }> = { description, readParameters, execute };
