import { sleep } from 'n8n-workflow';

/**
 * Where the transport reads the time and waits. The pace of a run is all about time, so tests
 * hand in a clock they move themselves and check exact send times without waiting for them.
 */
export interface Clock {
	now(): number;
	sleep(milliseconds: number): Promise<void>;
}

/** The real time; waits end early when n8n cancels the execution. */
export function systemClock(cancelSignal?: AbortSignal): Clock {
	return {
		now: () => Date.now(),
		sleep: async (milliseconds) => await sleep(milliseconds, cancelSignal),
	};
}
