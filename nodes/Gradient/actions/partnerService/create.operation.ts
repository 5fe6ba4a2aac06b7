import type { RecordFields } from '../../api/records';
import { PARTNER_SERVICES } from '../../api/records';
import { requireId } from '../../shared/validation';
import { optionsCollection } from '../common.descriptions';
import type { BatchOperation } from '../operation';
import { createRecordItems, readDescription, readName, recordNameProperty } from '../records';

const SERVICE_ID_FIELD = { label: 'Service ID', name: 'serviceId' };

/** Services for one partner only ("dynamic services"); all items of one partner in one bulk request. */
export const create: BatchOperation<RecordFields> = {
	value: 'create',
	name: 'Create',
	description: 'Create services for this partner only, all items of a partner in one request',
	action: 'Create services for one partner only',
	properties: [
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
	],
	readParameters: (run, itemIndex) => ({
		id: requireId(run.node, itemIndex, SERVICE_ID_FIELD, run.parameters.read(itemIndex, 'serviceId')),
		name: readName(run, itemIndex),
		// Gradient documents the description as required for partner services: send '' when empty.
		description: readDescription(run, itemIndex) ?? '',
	}),
	executeBatch: async (run, requests) => await createRecordItems(run, PARTNER_SERVICES, requests, SERVICE_ID_FIELD),
};
