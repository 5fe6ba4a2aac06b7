import type { IDataObject } from 'n8n-workflow';

import type { GradientClient } from '../transport/client';
import type { PartnerScope } from '../transport/request';
import { ACCOUNTS } from './records';

/** Queues an alert about one account; Gradient turns it into a ticket in the partner's PSA. */
export async function createAlert(
	client: GradientClient,
	accountId: string,
	alert: IDataObject,
	scope: PartnerScope,
): Promise<IDataObject> {
	const response = await client.request<IDataObject>(
		{
			method: 'POST',
			path: `/api/vendor-api/alerting/${encodeURIComponent(accountId)}`,
			body: alert,
			notFoundHint: ACCOUNTS.notFoundHint,
		},
		scope,
	);
	// Some clients of Gradient's API have seen this answer nested under `data`.
	const created = (response.body.data as IDataObject | undefined) ?? response.body;
	return { accountId, ...created };
}

/** Whether the alert became a PSA ticket: status pending, success (with ticketId) or failed (with errors). */
export async function fetchAlertStatus(client: GradientClient, messageId: string, scope: PartnerScope): Promise<IDataObject> {
	const response = await client.request<IDataObject>(
		{
			method: 'GET',
			path: `/api/vendor-api/alerting/debug/${encodeURIComponent(messageId)}`,
			notFoundHint: 'No alert of this partner has this message ID.',
		},
		scope,
	);
	return response.body;
}
