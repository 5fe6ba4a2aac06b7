import { MIN_REQUESTS_PER_SECOND, PACE_CUT_ON_REFUSAL, PACE_RECOVERY_PER_SECOND, REPEATED_OVERLOAD_MS } from '../tuning';
import type { Clock } from './clock';

const WINDOW_MS = 1000;
// After the event loop stalled (a busy machine), slots that fell due together go out at twice
// the even pace rather than all at once: a burst is what Gradient's window would refuse.
const CATCH_UP_SPACING = 0.5;

/** Called once the request's answer (or its failure) came back. */
type AnsweredCallback = () => void;

interface SentRequest {
	sentAt: number;
	answered: boolean;
}

/**
 * Hands out send slots at a requests-per-second ceiling: no one-second window holds more sends
 * than the ceiling, and slots are spaced evenly, so requests go out smoothly, not in bursts.
 * A request holds its place from its send until one second later, or until its answer if that
 * comes later: while it is unanswered it may still be on its way to Gradient.
 *
 * Gradient counts requests by when they reach it, which is some time between our send and its
 * answer. Holding each place until one second after the answer would guarantee that no second
 * of Gradient's sees more than the ceiling, whatever the network does, but every request would
 * then take 1 s + its round trip of the budget: at 90 a second and a 30 ms round trip, about
 * 87 a second, and less the further away Gradient is. Counting by send time reaches the
 * ceiling at any round trip below a second. The price: requests the network delays more than
 * later ones can land in one of Gradient's seconds together with those later ones. At 90 a
 * second, the default ceiling's ten requests below Gradient's 100 absorb about 110 ms of such
 * jitter; beyond that Gradient answers 429, the whole run pauses for its Retry-After, and the
 * request is sent again.
 *
 * The ceiling is this execution's alone, yet Gradient's limit may be shared: other executions
 * on the same vendor key (parallel workflows, queue-mode workers) spend it too. So 429s that
 * come back soon after a pause halve the pace, and each second without one raises it again,
 * up to the ceiling.
 */
export class RateLimiter {
	/** Requests a second right now: the ceiling, or less after a 429. */
	private pace: number;

	/** When the latest overload was answered: a 429 for a request sent before then is no news. */
	private lastOverloadAt = -Infinity;

	/** When the pause for the latest overload ended. */
	private lastOverloadEndedAt = -Infinity;

	/** Up to when the pace has been raised for the seconds without a 429. */
	private pacedUpUntil = 0;

	private nextSlotAt = 0;

	private lastSentAt = -Infinity;

	private pausedUntil = 0;

	/** The requests that hold a place in the ceiling, in the order they were sent. */
	private holding: SentRequest[] = [];

	private readonly waitingForAnswer: Array<() => void> = [];

	constructor(
		private readonly requestsPerSecond: number,
		private readonly clock: Clock,
	) {
		this.pace = requestsPerSecond;
	}

	private get intervalMs(): number {
		return WINDOW_MS / this.pace;
	}

	private get budget(): number {
		return Math.max(1, Math.floor(this.pace));
	}

	/** Resolves when the caller may send its request, with the callback to call once it is answered. */
	async waitForSlot(): Promise<AnsweredCallback> {
		let slotAt = this.reserve(this.clock.now());
		for (;;) {
			const now = this.clock.now();
			// After a pause, everyone queues again, so sending resumes evenly spaced.
			if (slotAt <= now && this.pausedUntil > now) slotAt = this.reserve(this.pausedUntil);
			const earliest = Math.max(slotAt, this.lastSentAt + this.intervalMs * CATCH_UP_SPACING);
			if (earliest > now) {
				await this.clock.sleep(earliest - now);
				continue;
			}
			// Its turn has come. A full window delays it without sending it to the back of the
			// queue: at the ceiling, the request sent a second before often leaves the window a
			// millisecond after this turn, and queueing again each time lost a measurable share of the rate.
			const budgetFreeAt = this.budgetFreeAt(now);
			if (budgetFreeAt === undefined) await new Promise<void>((wake) => this.waitingForAnswer.push(wake));
			else if (budgetFreeAt > now) await this.clock.sleep(budgetFreeAt - now);
			else return this.send(now);
		}
	}

	/**
	 * Gradient refused a request sent at `sentAt` (429) and asked to wait `waitMs`: nobody sends
	 * before then. The 429s of requests already on their way tell of the same overload and count
	 * once. A lone overload (a network hiccup bunching requests) only pauses; another one soon
	 * after the pause says the limit is shared, and halves the pace.
	 */
	refused(sentAt: number, waitMs: number): void {
		const now = this.clock.now();
		this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
		if (sentAt < this.lastOverloadAt) return;
		const isRepeated = now - this.lastOverloadEndedAt <= REPEATED_OVERLOAD_MS;
		this.lastOverloadAt = now;
		this.lastOverloadEndedAt = this.pausedUntil;
		if (!isRepeated) return;
		this.paceUp(now);
		this.pace = Math.max(Math.min(MIN_REQUESTS_PER_SECOND, this.requestsPerSecond), this.pace * PACE_CUT_ON_REFUSAL);
		this.pacedUpUntil = this.pausedUntil;
	}

	/** One step up for each whole second since the last step, the pause after a 429 excluded. */
	private paceUp(now: number): void {
		const seconds = Math.floor((now - this.pacedUpUntil) / WINDOW_MS);
		if (seconds < 1 || this.pace >= this.requestsPerSecond) return;
		this.pace = Math.min(this.requestsPerSecond, this.pace * PACE_RECOVERY_PER_SECOND ** seconds);
		this.pacedUpUntil += seconds * WINDOW_MS;
	}

	private reserve(notBefore: number): number {
		this.paceUp(this.clock.now());
		const slotAt = Math.max(notBefore, this.nextSlotAt, this.pausedUntil);
		this.nextSlotAt = slotAt + this.intervalMs;
		return slotAt;
	}

	/** When the ceiling has room again; undefined while only an answer can make room. */
	private budgetFreeAt(now: number): number | undefined {
		this.holding = this.holding.filter((request) => !request.answered || request.sentAt > now - WINDOW_MS);
		const mustLeave = this.holding.length - this.budget + 1;
		if (mustLeave <= 0) return now;
		// Answered requests leave one second after their send, so in send order.
		const answered = this.holding.filter((request) => request.answered);
		return mustLeave <= answered.length ? answered[mustLeave - 1].sentAt + WINDOW_MS : undefined;
	}

	private send(now: number): AnsweredCallback {
		const request: SentRequest = { sentAt: now, answered: false };
		this.lastSentAt = now;
		this.holding.push(request);
		return () => {
			if (request.answered) return;
			request.answered = true;
			for (const wake of this.waitingForAnswer.splice(0)) wake();
		};
	}
}
