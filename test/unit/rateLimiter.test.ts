import { RateLimiter } from '../../nodes/Gradient/transport/rateLimiter';
import { FakeClock } from './fakeClock';

/**
 * Starts `count` callers waiting at once, each answered as soon as it is let through, and
 * answers the times they were let through, once the clock has run them all.
 */
function grants(clock: FakeClock, limiter: RateLimiter, count: number) {
	const times: number[] = [];
	const waiting = Promise.all(
		Array.from({ length: count }, async () => {
			const answered = await limiter.waitForSlot();
			times.push(clock.now());
			answered();
		}),
	);
	return { times, done: async () => (await waiting, times) };
}

async function grantTimes(clock: FakeClock, limiter: RateLimiter, count: number): Promise<number[]> {
	const started = grants(clock, limiter, count);
	await clock.runAll();
	return await started.done();
}

const evenly = (from: number, step: number, count: number) => Array.from({ length: count }, (_, index) => from + index * step);

describe('RateLimiter', () => {
	it('spaces grants evenly at the ceiling instead of letting waiters through together', async () => {
		const clock = new FakeClock();
		expect(await grantTimes(clock, new RateLimiter(50, clock), 11)).toEqual(evenly(0, 20, 11));
	});

	it('lets slots that fell due during a stall go out at twice the pace, not all at once', async () => {
		const clock = new FakeClock();
		const limiter = new RateLimiter(50, clock);
		const started = grants(clock, limiter, 11);
		await clock.runUntil(5);
		clock.stall(150);
		await clock.runAll();
		// Slots 20 to 140 fell due during the stall: they leave 10 ms apart from 155 on, until
		// the even pace (a slot every 20 ms) is ahead again.
		expect(await started.done()).toEqual([0, 155, 165, 175, 185, 195, 205, 215, 225, 235, 245]);
	});

	it('never grants more than the ceiling within one second, even after the event loop stalled', async () => {
		const clock = new FakeClock();
		const limiter = new RateLimiter(20, clock);
		const started = grants(clock, limiter, 30);
		await clock.runUntil(100);
		clock.stall(400);
		await clock.runAll();
		const times = await started.done();
		const mostInAnyWindow = Math.max(...times.map((start) => times.filter((time) => time >= start && time < start + 1000).length));
		expect(mostInAnyWindow).toBe(20);
		expect(times[20]).toBe(1000);
	});

	it('frees a place one second after its send when the answer came back sooner, so the round trip costs no throughput', async () => {
		const clock = new FakeClock();
		const limiter = new RateLimiter(4, clock);
		// A slow round trip: each answer arrives 600 ms after its send. Counted from the answers,
		// the fifth would go out at 1,600 ms.
		const times: number[] = [];
		const requests = Array.from({ length: 5 }, async () => {
			const answered = await limiter.waitForSlot();
			times.push(clock.now());
			await clock.sleep(600);
			answered();
		});
		await clock.runAll();
		await Promise.all(requests);
		expect(times).toEqual([0, 250, 500, 750, 1000]);
	});

	it('keeps a request unanswered a second after its send in the ceiling until its answer, since it may reach Gradient that late', async () => {
		const clock = new FakeClock();
		const limiter = new RateLimiter(2, clock);
		const first = limiter.waitForSlot(); // never answered: it holds its place throughout
		const second = limiter.waitForSlot();
		let thirdAt: number | undefined;
		const third = limiter.waitForSlot().then(() => (thirdAt = clock.now()));
		await clock.runUntil(2100);
		await first;
		expect(thirdAt).toBeUndefined();
		(await second)();
		await clock.runAll();
		await third;
		// The second was sent at 500 ms and answered at 2,100 ms: its place frees then.
		expect(thirdAt).toBe(2100);
	});

	it('lets everyone else go on at its pace after a lone 429: only the refused request waits', async () => {
		const clock = new FakeClock();
		const limiter = new RateLimiter(50, clock);
		(await limiter.waitForSlot())('refused');
		limiter.refused(0);
		expect(await grantTimes(clock, limiter, 5)).toEqual(evenly(20, 20, 5));
	});

	/** Sends `count` requests through the limiter, Gradient accepting each, and answers the time after the last. */
	async function acceptedRequests(clock: FakeClock, limiter: RateLimiter, count: number): Promise<number> {
		await grantTimes(clock, limiter, count);
		return clock.now();
	}

	/** The spacing of three grants asked for at once, once the requests of the cut's second have left the ceiling. */
	async function spacing(clock: FakeClock, limiter: RateLimiter, at: number): Promise<number> {
		await clock.runUntil(at);
		const times = await grantTimes(clock, limiter, 3);
		return times[2] - times[1];
	}

	it('cuts its pace to a little under what Gradient accepted in the last second at a 429 soon after another', async () => {
		const clock = new FakeClock();
		const limiter = new RateLimiter(50, clock);
		// Forty accepted, 20 ms apart: 0 to 780 ms.
		const cutAt = await acceptedRequests(clock, limiter, 40);
		limiter.refused(cutAt);
		limiter.refused(cutAt);
		// 90% of 40 a second: 36 a second; then three quarter seconds without a 429: 36 + 1 + 2 + 4.
		expect(await spacing(clock, limiter, cutAt + 900)).toBeCloseTo(1000 / 43, 6);
	});

	it('cuts its pace by half at most, however little Gradient accepted', async () => {
		const clock = new FakeClock();
		const limiter = new RateLimiter(50, clock);
		(await limiter.waitForSlot())('refused');
		limiter.refused(0);
		limiter.refused(0);
		expect(await spacing(clock, limiter, 0)).toBe(40);
	});

	it('counts the 429s of requests sent before a cut as that same overload', async () => {
		const clock = new FakeClock();
		const limiter = new RateLimiter(50, clock);
		const cutAt = await acceptedRequests(clock, limiter, 40);
		limiter.refused(cutAt);
		limiter.refused(cutAt);
		// Answered a little later, sent before the cut: no news. Taken for a new overload, they
		// would cut the pace again, to 90% of the 36 accepted in the second before them.
		await clock.runUntil(cutAt + 300);
		limiter.refused(cutAt - 1);
		limiter.refused(cutAt - 1);
		expect(await spacing(clock, limiter, cutAt + 900)).toBeCloseTo(1000 / 43, 6);
	});

	it('raises its pace again each quarter second without a 429, each step twice the last, up to the ceiling', async () => {
		const clock = new FakeClock();
		const limiter = new RateLimiter(100, clock);
		// Eighty accepted, 10 ms apart: cut to 72 a second.
		const cutAt = await acceptedRequests(clock, limiter, 80);
		limiter.refused(cutAt);
		limiter.refused(cutAt);
		// Three quarter seconds: 72 + 1 + 2 + 4.
		expect(await spacing(clock, limiter, cutAt + 910)).toBeCloseTo(1000 / 79, 6);
		// Four: 72 + 1 + 2 + 4 + 8.
		expect(await spacing(clock, limiter, cutAt + 1100)).toBeCloseTo(1000 / 87, 6);
		// Five would be 72 + 31: the ceiling.
		expect(await spacing(clock, limiter, cutAt + 1260)).toBe(10);
	});
});
