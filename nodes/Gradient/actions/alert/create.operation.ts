import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readItemParameter } from '../../helpers/itemParameters';
import { readIdParameter } from '../../helpers/parameters';
import { ACCOUNTS } from '../../helpers/records';
import { optionalDateTime, requireId, requireIntegerInRange, requireText } from '../../helpers/validation';
import { gradientApiRequest } from '../../transport';
import { accountLocator, optionsCollection } from '../common.descriptions';
import { eachItem } from '../outcomes';
import type { GradientOperation, ItemRequest } from '../types';

interface Parameters {
	accountId: string;
	body: IDataObject;
}

export const description = updateDisplayOptions({ show: { resource: ['alert'], operation: ['create'] } }, [
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
]);

export function readParameters(this: IExecuteFunctions, itemIndex: number): Parameters {
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {
		title: requireText(this, itemIndex, { label: 'Title', name: 'title' }, readItemParameter(this, itemIndex, 'title')),
		description: requireText(
			this,
			itemIndex,
			{ label: 'Description', name: 'description' },
			readItemParameter(this, itemIndex, 'description'),
		),
		alertId: requireId(this, itemIndex, { label: 'Alert ID', name: 'alertId' }, readItemParameter(this, itemIndex, 'alertId')),
		priority: requireIntegerInRange(this, itemIndex, { label: 'Priority', name: 'priority' }, readItemParameter(this, itemIndex, 'priority'), 1, 4),
		status: requireIntegerInRange(this, itemIndex, { label: 'Status', name: 'status' }, readItemParameter(this, itemIndex, 'status'), 1, 6),
	};
	const dueDateTime = optionalDateTime(
		this,
		itemIndex,
		{ label: 'Due Date Time', name: 'additionalFields.dueDateTime' },
		additional.dueDateTime,
	);
	if (dueDateTime) body.dueDateTime = dueDateTime;
	if (additional.serviceId !== undefined && additional.serviceId !== '') {
		body.serviceId = requireId(this, itemIndex, { label: 'Service ID', name: 'additionalFields.serviceId' }, additional.serviceId);
	}
	return { accountId: readIdParameter(this, itemIndex, { label: 'Account', name: 'accountId' }), body };
}

export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<Parameters>>) {
	return await eachItem(this, requests, async ({ itemIndex, partnerApiKey, parameters }) => {
		const response = await gradientApiRequest<IDataObject>(
			this,
			{
				method: 'POST',
				path: `/api/vendor-api/alerting/${encodeURIComponent(parameters.accountId)}`,
				body: parameters.body,
				notFoundHint: ACCOUNTS.notFoundHint,
			},
			{ itemIndex, partnerApiKey },
		);
		// Some clients of Gradient's API have seen this answer nested under `data`.
		const created = (response.body.data as IDataObject | undefined) ?? response.body;
		return { accountId: parameters.accountId, ...created };
	});
}

export const operation: GradientOperation<Parameters> = { description, readParameters, execute };
