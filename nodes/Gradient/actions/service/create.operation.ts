import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ServiceFields } from '../../helpers/services';
import { createService } from '../../helpers/services';
import { optionsCollection } from '../common.descriptions';
import { eachItem } from '../outcomes';
import type { GradientOperation, ItemRequest } from '../types';
import { readServiceDefinition, serviceDefinitionProperties } from './fields';

export const description = updateDisplayOptions({ show: { resource: ['service'], operation: ['create'] } }, [
	...serviceDefinitionProperties,
	optionsCollection(),
]);

export function readParameters(this: IExecuteFunctions, itemIndex: number): ServiceFields {
	return readServiceDefinition(this, itemIndex);
}

export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<ServiceFields>>) {
	return await eachItem(
		this,
		requests,
		async ({ itemIndex, partnerApiKey, parameters }) => await createService(this, parameters, { itemIndex, partnerApiKey }),
	);
}

export const operation: GradientOperation<ServiceFields> = { description, readParameters, execute };
