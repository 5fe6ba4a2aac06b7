import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { readIdParameter } from '../../helpers/parameters';
import { gradientApiRequest } from '../../transport';
import type { Envelope, VendorData } from '../../transport/types';
import { optionsCollection, serviceLocator } from '../common.descriptions';
import { eachItem } from '../outcomes';
import type { GradientOperation, ItemRequest } from '../types';

export const description = updateDisplayOptions({ show: { resource: ['service'], operation: ['get'] } }, [
	serviceLocator(),
	optionsCollection(),
]);

export function readParameters(this: IExecuteFunctions, itemIndex: number) {
	return { serviceId: readIdParameter(this, itemIndex, { label: 'Service', name: 'serviceId' }) };
}

export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<{ serviceId: string }>>) {
	return await eachItem(this, requests, async ({ itemIndex, partnerApiKey, parameters: { serviceId } }) => {
		const response = await gradientApiRequest<Envelope<VendorData>>(
			this,
			{
				method: 'GET',
				path: `/api/vendor-api/service/${encodeURIComponent(serviceId)}`,
				notFoundHint: 'No vendor service has this ID. Pick the service from the list, or read the IDs with Service → Get Many.',
			},
			{ itemIndex, partnerApiKey },
		);
		const service = response.body.data.skus?.find((sku) => sku.id === serviceId);
		if (!service) {
			throw new NodeApiError(this.getNode(), { message: 'service not in answer' }, {
				message: `Gradient has no service with ID "${serviceId}"`,
				httpCode: '404',
				itemIndex,
			});
		}
		return service;
	});
}

export const operation: GradientOperation<{ serviceId: string }> = { description, readParameters, execute };
