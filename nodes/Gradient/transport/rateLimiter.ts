import { sleep } from 'n8n-workflow';

const WINDOW_MS = 1000;

/** Called once the request's answer (or its failure) came back. */
export type AnsweredCallback = () => void;

/**
 * Hands out send slots at a requests-per-second ceiling, as Gradient counts them: by when a
 * request reaches it, which is some time between our send and its answer. So a request holds
 * its place in the ceiling from its send until one second after its answer, and no second can
 * ever see more requests arrive than the ceiling, however late a stalled event loop or a slow
 * network delivers them. Slots are also spaced evenly, so requests go out smoothly, not in bursts.
 */
export class RateLimiter {
	private readonly intervalMs: number;

	private readonly budget: number;

	private nextSlotAt = 0;

	private pausedUntil = 0;

	private inFlight = 0;

	/** When the requests answered within the last second were answered, oldest first. */
	private readonly answeredAt: number[] = [];

	private readonly waitingForAnswer: Array<() => void> = [];

	constructor(
		requestsPerSecond: number,
		private readonly cancelSignal?: AbortSignal,
	) {
		this.intervalMs = WINDOW_MS / requestsPerSecond;
		this.budget = Math.max(1, Math.floor(requestsPerSecond));
	}

	/** Resolves when the caller may send its request, with the callback to call once it is answered. */
	async waitForSlot(): Promise<AnsweredCallback> {
		let slotAt = this.reserve(Date.now());
		for (;;) {
			const now = Date.now();
			if (slotAt <= now) {
				const budgetFreeAt = this.budgetFreeAt(now);
				if (budgetFreeAt === undefined) {
					await new Promise<void>((wake) => this.waitingForAnswer.push(wake));
					slotAt = this.reserve(Date.now());
					continue;
				}
				const blockedUntil = Math.max(this.pausedUntil, budgetFreeAt);
				if (blockedUntil <= now) return this.send();
				slotAt = this.reserve(blockedUntil);
			}
			await sleep(slotAt - now, this.cancelSignal);
		}
	}

	/** Gradient asked to wait (429 with Retry-After): nobody sends before then. */
	pauseFor(milliseconds: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, Date.now() + milliseconds);
	}

	private reserve(notBefore: number): number {
		const slotAt = Math.max(notBefore, this.nextSlotAt, this.pausedUntil);
		this.nextSlotAt = slotAt + this.intervalMs;
		return slotAt;
	}

	/** When the ceiling has room again; undefined while only an answer can make room. */
	private budgetFreeAt(now: number): number | undefined {
		while (this.answeredAt.length > 0 && this.answeredAt[0] <= now - WINDOW_MS) this.answeredAt.shift();
		const overBudget = this.inFlight + this.answeredAt.length - this.budget;
		if (overBudget < 0) return now;
		return overBudget < this.answeredAt.length ? this.answeredAt[overBudget] + WINDOW_MS : undefined;
	}

	private send(): AnsweredCallback {
		this.inFlight++;
		let answered = false;
		return () => {
			if (answered) return;
			answered = true;
			this.inFlight--;
			this.answeredAt.push(Date.now());
			for (const wake of this.waitingForAnswer.splice(0)) wake();
		};
	}
}
