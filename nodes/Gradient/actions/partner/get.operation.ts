import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fetchIntegration } from '../../helpers/partners';
import { optionsCollection } from '../common.descriptions';
import { eachItem } from '../outcomes';
import type { GradientOperation, ItemRequest } from '../types';

export const description = updateDisplayOptions({ show: { resource: ['partner'], operation: ['get'] } }, [
	optionsCollection(),
]);

export function readParameters() {
	return {};
}

export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<object>>) {
	return await eachItem(this, requests, async ({ itemIndex, partnerApiKey }) => await fetchIntegration(this, { itemIndex, partnerApiKey }));
}

export const operation: GradientOperation<object> = { description, readParameters, execute };
