import type { IDataObject } from 'n8n-workflow';

import type { IntegrationData } from '../../Gradient/api/models';
import type { GradientClient } from '../../Gradient/transport/client';
import type { PartnerScope } from '../../Gradient/transport/request';
import type { RecordedState } from '../watchState';

/** What one poll saw of the partner, for one event. */
interface Observation {
	/** The current state as the items a change would emit: what a manual run shows. */
	current(): IDataObject[];
	/** One item per change since the poll that recorded `previous`. */
	changesSince(previous: RecordedState): IDataObject[];
	/** What the next poll compares against. */
	recorded: RecordedState;
}

/** Reads what an event watches, given the partner integration each poll reads first. */
export type TriggerEvent = (
	client: GradientClient,
	integration: IntegrationData,
	scope: PartnerScope,
) => Observation | Promise<Observation>;
