import type { TriggerEvent } from './types';

/** The integration status (inactive, pending, active), compared with the last poll's. */
export const statusChanged: TriggerEvent = (_client, integration) => ({
	// A manual run has no earlier poll to compare with.
	current: () => [{ ...integration, previousStatus: null, status: integration.status }],
	changesSince(previous) {
		if (previous.status === integration.status) return [];
		return [{ ...integration, previousStatus: previous.status ?? null, status: integration.status }];
	},
	recorded: { status: integration.status },
});
