import type { RecordFields } from '../../api/records';
import { PARTNER_SERVICES } from '../../api/records';
import { invalidInput, requireId } from '../../shared/validation';
import { optionsCollection } from '../common.descriptions';
import type { BatchOperation } from '../operation';
import { createRecordItems, readDescription, readName, recordNameProperty } from '../records';

const DESCRIPTION_FIELD = { label: 'Description', name: 'description' };

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
			required: true,
			default: '',
			placeholder: 'e.g. Image-based backup of one server',
			description: 'What the service is, for the MSP mapping it to a PSA product. Gradient requires one for a partner service.',
		},
		optionsCollection(),
	],
	readParameters(run, itemIndex) {
		const id = requireId(run.node, itemIndex, SERVICE_ID_FIELD, run.parameters.read(itemIndex, 'serviceId'));
		const name = readName(run, itemIndex);
		const description = readDescription(run, itemIndex);
		if (description === undefined || description.trim() === '') {
			throw invalidInput(run.node, itemIndex, DESCRIPTION_FIELD, 'is empty', 'Gradient requires a description for a partner service: say what the service is.');
		}
		return { id, name, description };
	},
	executeBatch: async (run, requests) => await createRecordItems(run, PARTNER_SERVICES, requests, SERVICE_ID_FIELD),
};
