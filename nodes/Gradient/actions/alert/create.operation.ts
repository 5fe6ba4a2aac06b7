import type { IDataObject } from 'n8n-workflow';

import { createAlert } from '../../api/alerts';
import { optionalDateTime, requireId, requireIntegerInRange, requireText } from '../../shared/validation';
import { readId } from '../common.parameters';
import { accountLocator, optionsCollection } from '../common.descriptions';
import type { PerItemOperation } from '../operation';

interface Parameters {
	accountId: string;
	alert: IDataObject;
}

export const create: PerItemOperation<Parameters> = {
	value: 'create',
	name: 'Create',
	description: 'Send an alert that Gradient turns into a PSA ticket',
	action: 'Create an alert that becomes a PSA ticket',
	properties: [
		accountLocator({ description: 'The customer account the alert is about, by the ID you gave it (e.g. cust-1042); the MSP must have mapped it' }),
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Backup failed on SRV-01',
			description: 'Becomes the PSA ticket summary',
		},
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			typeOptions: { rows: 4 },
			required: true,
			default: '',
			description: 'Becomes the PSA ticket body',
		},
		{
			displayName: 'Alert ID',
			name: 'alertId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. evt-20261124-0042',
			description: 'Your own unique ID for this alert',
		},
		{
			displayName: 'Priority',
			name: 'priority',
			type: 'options',
			default: 1,
			options: [
				{ name: 'Low', value: 1 },
				{ name: 'Medium', value: 2 },
				{ name: 'High', value: 3 },
				{ name: 'Very High', value: 4 },
			],
			description: 'Maps to the PSA ticket priority',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 6 },
			default: 1,
			description: "Gradient's alert status, 1 to 6, mapped to a PSA ticket status (Gradient does not publish what each number means; 1 is its default)",
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add field',
			default: {},
			options: [
				{
					displayName: 'Due Date Time',
					name: 'dueDateTime',
					type: 'dateTime',
					default: '',
					description: 'When the alert should be resolved',
				},
				{
					displayName: 'Service ID',
					name: 'serviceId',
					type: 'string',
					default: '',
					placeholder: 'e.g. 64f0c2a1b3d4e5f6a7b8c9d0',
					description: 'The service the alert is about, so the MSP can route it to that service\'s PSA board',
				},
			],
		},
		optionsCollection(),
	],
	readParameters(run, itemIndex) {
		const { node, parameters } = run;
		const additional = parameters.read(itemIndex, 'additionalFields', {}) as IDataObject;
		const alert: IDataObject = {
			title: requireText(node, itemIndex, { label: 'Title', name: 'title' }, parameters.read(itemIndex, 'title')),
			description: requireText(node, itemIndex, { label: 'Description', name: 'description' }, parameters.read(itemIndex, 'description')),
			alertId: requireId(node, itemIndex, { label: 'Alert ID', name: 'alertId' }, parameters.read(itemIndex, 'alertId')),
			priority: requireIntegerInRange(node, itemIndex, { label: 'Priority', name: 'priority' }, parameters.read(itemIndex, 'priority'), 1, 4),
			status: requireIntegerInRange(node, itemIndex, { label: 'Status', name: 'status' }, parameters.read(itemIndex, 'status'), 1, 6),
		};
		const dueDateTime = optionalDateTime(node, itemIndex, { label: 'Due Date Time', name: 'additionalFields.dueDateTime' }, additional.dueDateTime);
		if (dueDateTime) alert.dueDateTime = dueDateTime;
		if (additional.serviceId !== undefined && additional.serviceId !== '') {
			alert.serviceId = requireId(node, itemIndex, { label: 'Service ID', name: 'additionalFields.serviceId' }, additional.serviceId);
		}
		return { accountId: readId(run, itemIndex, { label: 'Account', name: 'accountId' }), alert };
	},
	executeItem: async (run, { itemIndex, partnerApiKey, parameters }) =>
		await createAlert(run.client, parameters.accountId, parameters.alert, { itemIndex, partnerApiKey }),
};
