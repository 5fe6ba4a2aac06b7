import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { applyLimit, readLimit } from '../../helpers/parameters';
import { PARTNER_SERVICES, listRecords } from '../../helpers/records';
import { optionsCollection, returnAllAndLimit } from '../common.descriptions';
import { eachItem } from '../outcomes';
import type { GradientOperation, ItemRequest } from '../types';

interface Parameters {
	limit?: number;
}

export const description = updateDisplayOptions({ show: { resource: ['partnerService'], operation: ['getMany'] } }, [
	...returnAllAndLimit(),
	optionsCollection(),
]);

export function readParameters(this: IExecuteFunctions, itemIndex: number): Parameters {
	return { limit: readLimit(this, itemIndex) };
}

export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<Parameters>>) {
	return await eachItem(this, requests, async ({ itemIndex, partnerApiKey, parameters }) =>
		applyLimit(await listRecords(this, PARTNER_SERVICES, { itemIndex, partnerApiKey }), parameters.limit),
	);
}

export const operation: GradientOperation<Parameters> = { description, readParameters, execute };
