import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fetchVendor } from '../../helpers/services';
import { optionsCollection } from '../common.descriptions';
import { eachItem } from '../outcomes';
import type { GradientOperation, ItemRequest } from '../types';

const properties: INodeProperties[] = [optionsCollection()];

export const description = updateDisplayOptions({ show: { resource: ['vendor'], operation: ['get'] } }, properties);

export function readParameters() {
	return {};
}

export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<object>>) {
	return await eachItem(this, requests, async (request) => await fetchVendor(this, request));
}

export const operation: GradientOperation<object> = { description, readParameters, execute };
