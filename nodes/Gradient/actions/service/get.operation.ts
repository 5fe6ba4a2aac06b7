import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { readIdParameter } from '../../helpers/parameters';
import { fetchService } from '../../helpers/services';
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
		const service = await fetchService(this, serviceId, { itemIndex, partnerApiKey });
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
