import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fetchIntegration } from '../Gradient/api/integration';
import { PARTNER_API_KEY_FIELD, partnerKeyFromOption } from '../Gradient/shared/partnerKey';
import { GradientClient } from '../Gradient/transport/client';
import { SHORT_WAIT_REQUEST_SETTINGS } from '../Gradient/tuning';
import { accountMapped } from './events/accountMapped';
import { statusChanged } from './events/statusChanged';
import type { TriggerEvent } from './events/types';
import type { TriggerEventName } from './watchState';
import { previousState, storeState } from './watchState';

const EVENTS: Record<TriggerEventName, TriggerEvent> = { accountMapped, statusChanged };

function readEvent(context: IPollFunctions): TriggerEventName {
	const event = context.getNodeParameter('event') as string;
	if (Object.prototype.hasOwnProperty.call(EVENTS, event)) return event as TriggerEventName;
	throw new NodeOperationError(
		context.getNode(),
		`Event (event) must be one of ${Object.keys(EVENTS).map((name) => `"${name}"`).join(', ')}, got "${event}"`,
	);
}

/** The watched partner's key, or undefined for the credential's; set but empty is an error, as in the action node. */
function readPartnerApiKey(context: IPollFunctions): string | undefined {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	if (!('partnerApiKey' in options)) return undefined;
	const partnerApiKey = partnerKeyFromOption(options.partnerApiKey);
	if (partnerApiKey !== null) return partnerApiKey;
	throw new NodeOperationError(context.getNode(), `${PARTNER_API_KEY_FIELD.label} (${PARTNER_API_KEY_FIELD.name}) is set but empty`, {
		description: "Remove the option to watch the credential's partner, or give it the partner's key.",
	});
}

function output(context: IPollFunctions, items: IDataObject[]): INodeExecutionData[][] | null {
	return items.length === 0 ? null : [context.helpers.returnJsonArray(items)];
}

/**
 * One poll: the partner integration, then what the event watches. An active workflow's
 * poll compares with the state the last one stored, stores the new one, and emits the
 * changes (nothing on its first poll). A manual run emits the current state and neither
 * reads nor writes the stored state, so testing never hides a change from the active workflow.
 * A poll that fails stores nothing: the next one emits what this one would have.
 */
export async function pollGradient(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const eventName = readEvent(this);
	const scope = { partnerApiKey: readPartnerApiKey(this) };
	const client = new GradientClient(this, SHORT_WAIT_REQUEST_SETTINGS);
	const integration = await fetchIntegration(client, scope);
	const observation = await EVENTS[eventName](client, integration, scope);

	if (this.getMode() === 'manual') return output(this, observation.current());

	const staticData = this.getWorkflowStaticData('node');
	const integrationKey = {
		organizationId: String(integration.organizationId),
		// Not in every answer Gradient documents: without it, the organization alone keys the state.
		...(integration.vendorId === undefined || integration.vendorId === null ? {} : { vendorId: String(integration.vendorId) }),
	};
	const previous = previousState(staticData, eventName, integrationKey);
	storeState(staticData, { event: eventName, ...integrationKey, ...observation.recorded });
	return previous === undefined ? null : output(this, observation.changesSince(previous));
}
