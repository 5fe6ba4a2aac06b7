import {
	MIN_REQUESTS_PER_SECOND,
	MOST_CUT_AT_ONCE,
	PACE_AFTER_OVERLOAD,
	PACE_RECOVERY_FIRST_STEP,
	PACE_RECOVERY_INTERVAL_MS,
	REPEATED_OVERLOAD_MS,
} from '../tuning';
import type { Clock } from './clock';

const WINDOW_MS = 1000;
// After the event loop stalled (a busy machine), slots that fell due together go out at twice
// the even pace rather than all at once: a burst is what Gradient's window would refuse.
const CATCH_UP_SPACING = 0.5;

/** What became of a sent request: Gradient answered it, refused it with a 429, or no answer came. */
export type SendOutcome = 'accepted' | 'refused' | 'lost';

/** Called once the request's answer (or its failure) came back. */
type AnsweredCallback = (outcome?: SendOutcome) => void;

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
 * jitter; beyond that Gradient answers 429, and the refused request waits as Gradient asks
 * before it is sent again.
 *
 * The ceiling is this limiter's alone, yet Gradient's limit may be shared: other executions on
 * the same vendor key (parallel workflows, queue-mode workers), or other partners of the run
 * when each has a limiter of its own, spend it too. A lone 429 (a network hiccup bunching
 * requests) changes nothing but the refused request's wait. A 429 soon after another says the
 * limit is shared: the pace drops to a little under what Gradient accepted from this limiter in
 * the last second, which is its share of the limit, so limiters that share one settle on their
 * shares at the first overload instead of halving step after step. Each quarter second
 * without a 429 raises the pace again, up to the ceiling, to take up what others leave.
 */
export class RateLimiter {
	/** Requests a second right now: the ceiling, or less after a 429. */
	private pace: number;

	/** When the latest 429 came back. */
	private lastRefusedAt = -Infinity;

	/** When the pace was last cut: a 429 for a request sent before then tells of that same overload. */
	private lastCutAt = -Infinity;

	/** Counts the cuts: a slot reserved at the pace before the latest cut is reserved again. */
	private cuts = 0;

	/** Up to when the pace has been raised for the time without a 429. */
	private pacedUpUntil = 0;

	/** Steps up since the last cut: each one raises the pace by twice the one before. */
	private stepsSinceCut = 0;

	private nextSlotAt = 0;

	private lastSentAt = -Infinity;

	/** The requests that hold a place in the ceiling, in the order they were sent. */
	private holding: SentRequest[] = [];

	/** When the requests Gradient accepted within the last second were sent. */
	private acceptedSentAt: number[] = [];

	private readonly waitingForAnswer: Array<() => void> = [];

	/** `startPace`: where to start below the ceiling, for a limiter that takes over from others. */
	constructor(
		private readonly requestsPerSecond: number,
		private readonly clock: Clock,
		startPace = requestsPerSecond,
	) {
		this.pace = Math.min(requestsPerSecond, startPace);
	}

	/** Requests a second right now. */
	get currentPace(): number {
		return this.pace;
	}

	private get intervalMs(): number {
		return WINDOW_MS / this.pace;
	}

	private get budget(): number {
		return Math.max(1, Math.floor(this.pace));
	}

	/** Resolves when the caller may send its request, with the callback to call once it is answered. */
	async waitForSlot(): Promise<AnsweredCallback> {
		let reservedAtCut = this.cuts;
		let slotAt = this.reserve(this.clock.now());
		for (;;) {
			const now = this.clock.now();
			// After a cut, everyone queues again, so sending goes on evenly spaced at the new pace.
			if (reservedAtCut !== this.cuts) {
				reservedAtCut = this.cuts;
				slotAt = this.reserve(now);
			}
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
	 * Gradient refused a request sent at `sentAt` (429). The 429s of requests sent before the
	 * latest cut tell of that same overload; a lone one changes nothing; one soon after another
	 * cuts the pace to what Gradient accepted in the last second, never up. Answers whether it cut.
	 */
	refused(sentAt: number): boolean {
		const now = this.clock.now();
		if (sentAt < this.lastCutAt) return false;
		const isRepeated = now - this.lastRefusedAt <= REPEATED_OVERLOAD_MS;
		this.lastRefusedAt = now;
		if (!isRepeated) return false;
		this.paceUp(now);
		const accepted = this.acceptedWithin(now);
		const floor = Math.min(MIN_REQUESTS_PER_SECOND, this.requestsPerSecond);
		this.pace = Math.max(floor, Math.min(this.pace, Math.max(this.pace * MOST_CUT_AT_ONCE, accepted * PACE_AFTER_OVERLOAD)));
		this.lastCutAt = now;
		this.pacedUpUntil = now;
		this.stepsSinceCut = 0;
		this.cuts++;
		this.nextSlotAt = now;
		return true;
	}

	/** How many requests sent within the last second Gradient accepted. */
	private acceptedWithin(now: number): number {
		this.acceptedSentAt = this.acceptedSentAt.filter((sentAt) => sentAt > now - WINDOW_MS);
		return this.acceptedSentAt.length;
	}

	/**
	 * One step up for each recovery interval since the last step or cut, each twice the one
	 * before. Just after a cut the pace probes gently, close to the share it was cut to; when no
	 * 429 comes for a while (the others sharing the limit have finished), it takes up the room
	 * within about two seconds.
	 */
	private paceUp(now: number): void {
		const steps = Math.floor((now - this.pacedUpUntil) / PACE_RECOVERY_INTERVAL_MS);
		if (steps < 1) return;
		this.pacedUpUntil += steps * PACE_RECOVERY_INTERVAL_MS;
		for (let step = 0; step < steps && this.pace < this.requestsPerSecond; step++) {
			this.pace = Math.min(this.requestsPerSecond, this.pace + PACE_RECOVERY_FIRST_STEP * 2 ** this.stepsSinceCut);
			this.stepsSinceCut++;
		}
	}

	private reserve(notBefore: number): number {
		this.paceUp(this.clock.now());
		const slotAt = Math.max(notBefore, this.nextSlotAt);
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
		return (outcome = 'accepted') => {
			if (request.answered) return;
			request.answered = true;
			if (outcome === 'accepted') this.acceptedSentAt.push(request.sentAt);
			for (const wake of this.waitingForAnswer.splice(0)) wake();
		};
	}
}
