import type { Clock } from '../../nodes/Gradient/transport/clock';

interface Timer {
	at: number;
	order: number;
	wake: () => void;
}

const turnsPath = './turns.mjs';
/** Lets every promise chain that can move on do so before time moves. */
const { settle } = jest.requireActual(turnsPath) as { settle(): Promise<void> };

/**
 * Time that moves only when the test says so: `sleep` waits for it, so a test checks exact
 * times without waiting for them. Time starts at 0.
 */
export class FakeClock implements Clock {
	private time = 0;

	private timers: Timer[] = [];

	private created = 0;

	now(): number {
		return this.time;
	}

	async sleep(milliseconds: number): Promise<void> {
		await new Promise<void>((wake) => this.timers.push({ at: this.time + Math.max(0, milliseconds), order: this.created++, wake }));
	}

	/** Moves time forward to `until`, waking each sleeper when its time comes, in order. */
	async runUntil(until: number): Promise<void> {
		await this.wakeSleepersDueBy(until);
		this.time = Math.max(this.time, until);
		await settle();
	}

	/** Moves time on from sleeper to sleeper until nobody sleeps any more. */
	async runAll(): Promise<void> {
		await this.wakeSleepersDueBy(Infinity);
	}

	private async wakeSleepersDueBy(until: number): Promise<void> {
		for (;;) {
			await settle();
			this.timers.sort((a, b) => a.at - b.at || a.order - b.order);
			const next = this.timers[0];
			if (!next || next.at > until) return;
			this.timers.shift();
			this.time = Math.max(this.time, next.at);
			next.wake();
		}
	}

	/**
	 * The event loop was blocked: time moved on while nobody could wake. Sleepers that fell due
	 * meanwhile wake at the next run, late.
	 */
	stall(milliseconds: number): void {
		this.time += milliseconds;
	}
}
