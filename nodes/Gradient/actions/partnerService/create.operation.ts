import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readItemParameter } from '../../helpers/itemParameters';
import type { RecordFields } from '../../helpers/records';
import { PARTNER_SERVICES } from '../../helpers/records';
import { requireId } from '../../helpers/validation';
import { optionsCollection } from '../common.descriptions';
import { createRecordsInBulk, readDescription, readName, recordNameProperty } from '../records.shared';
import type { GradientOperation, ItemRequest } from '../types';

const SERVICE_ID_FIELD = { label: 'Service ID', name: 'serviceId' };

export const description = updateDisplayOptions({ show: { resource: ['partnerService'], operation: ['create'] } }, [
	{
		displayName: 'Service ID',
		name: 'serviceId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. backup-server',
		description: 'Your own ID for the service; the same ID may be used for other partners',
	},
	recordNameProperty('service', 'e.g. Cloud Backup - Server'),
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		placeholder: 'e.g. Image-based backup of one server',
		description: 'What the service is, for the MSP mapping it to a PSA product',
	},
	optionsCollection(),
]);

export function readParameters(this: IExecuteFunctions, itemIndex: number): RecordFields {
	return {
		id: requireId(this, itemIndex, SERVICE_ID_FIELD, readItemParameter(this, itemIndex, 'serviceId')),
		name: readName(this, itemIndex),
		// Gradient documents the description as required for partner services: send '' when empty.
		description: readDescription(this, itemIndex) ?? '',
	};
}

/** Services for one partner only ("dynamic services"); all items of one partner in one bulk request. */
export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<RecordFields>>) {
	return await createRecordsInBulk(this, PARTNER_SERVICES, requests, SERVICE_ID_FIELD);
}

export const operation: GradientOperation<RecordFields> = { description, readParameters, execute };
