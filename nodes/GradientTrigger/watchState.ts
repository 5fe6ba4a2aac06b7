import type { IDataObject } from 'n8n-workflow';

export type TriggerEventName = 'accountMapped' | 'statusChanged';

export interface MappedAccountState {
	accountId: string;
	/** null when Gradient gives no mapping ID (its older answers carry only isMapped). */
	mappingId: string | null;
}

/** What the event itself compares against at the next poll. */
export interface RecordedState {
	/** statusChanged: the integration status seen at the last poll. */
	status?: string;
	/** accountMapped: the accounts mapped at the last poll. */
	mappedAccounts?: MappedAccountState[];
}

/** The partner integration a state belongs to: one vendor's link to one MSP organization. */
interface IntegrationKey {
	organizationId: string;
	/** An MSP may be the partner of several vendors; a credential switched to another vendor's key is another integration. */
	vendorId?: string;
}

/**
 * What the trigger keeps in the workflow's static data for its node between polls. It
 * belongs to one event and one partner integration: switching either starts over with a
 * first poll, so a changed key never reports another integration's whole state as news.
 */
interface WatchState extends RecordedState, IntegrationKey {
	event: TriggerEventName;
}

/** The state the previous poll left for this event and integration, if any. */
export function previousState(
	staticData: IDataObject,
	event: TriggerEventName,
	{ organizationId, vendorId }: IntegrationKey,
): WatchState | undefined {
	if (staticData.event !== event || staticData.organizationId !== organizationId || staticData.vendorId !== vendorId) {
		return undefined;
	}
	return {
		event,
		organizationId,
		vendorId,
		status: staticData.status as string | undefined,
		mappedAccounts: staticData.mappedAccounts as MappedAccountState[] | undefined,
	};
}

function serialized(state: IDataObject | WatchState): string {
	const { event, organizationId, vendorId, status, mappedAccounts } = state as WatchState;
	return JSON.stringify({ event, organizationId, vendorId, status, mappedAccounts });
}

/**
 * Replaces the stored state, only when it differs: any write marks the static data changed,
 * and n8n then saves the workflow after the poll.
 */
export function storeState(staticData: IDataObject, next: WatchState): void {
	if (serialized(staticData) === serialized(next)) return;
	for (const key of Object.keys(staticData)) delete staticData[key];
	Object.assign(staticData, JSON.parse(JSON.stringify(next)) as IDataObject);
}
