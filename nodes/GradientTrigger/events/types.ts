import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { PartnerScope } from '../../Gradient/transport';
import type { IntegrationData } from '../../Gradient/transport/types';
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
	context: IPollFunctions,
	integration: IntegrationData,
	scope: PartnerScope,
) => Observation | Promise<Observation>;
