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

	it('holds every waiter while Gradient asked to wait', async () => {
		const clock = new FakeClock();
		const limiter = new RateLimiter(1000, clock);
		(await limiter.waitForSlot())();
		limiter.refused(0, 300);
		expect(await grantTimes(clock, limiter, 3)).toEqual([300, 301, 302]);
	});

	it('keeps its pace after a lone 429', async () => {
		const clock = new FakeClock();
		const limiter = new RateLimiter(50, clock);
		(await limiter.waitForSlot())();
		limiter.refused(0, 0);
		expect(await grantTimes(clock, limiter, 5)).toEqual(evenly(20, 20, 5));
	});

	it('halves its pace when 429s come back soon after the pause, counting the 429s of one overload once', async () => {
		const clock = new FakeClock();
		const limiter = new RateLimiter(50, clock);
		(await limiter.waitForSlot())();
		limiter.refused(0, 100);
		await clock.runUntil(500);
		(await limiter.waitForSlot())();
		limiter.refused(500, 100);
		// Sent before the overload just reported: the same overload, not a second one.
		limiter.refused(499, 100);
		// 25 a second from the end of the pause: 40 ms apart.
		expect(await grantTimes(clock, limiter, 5)).toEqual(evenly(600, 40, 5));
	});

	it('raises its pace again, second by second without a 429, up to the ceiling', async () => {
		const clock = new FakeClock();
		const limiter = new RateLimiter(100, clock);
		(await limiter.waitForSlot())();
		// A lone 429, then three more overloads: 100 → 50 → 25 → 12.5 a second.
		for (let overload = 0; overload < 4; overload++) {
			limiter.refused(clock.now(), 0);
			await clock.runUntil(clock.now() + 2);
		}
		const early = await grantTimes(clock, limiter, 3);
		expect(early[2] - early[1]).toBe(80);
		await clock.runUntil(early[2] + 4000);
		// Four seconds without a 429 multiply the pace by 1.25 four times: 30.5 a second.
		const later = await grantTimes(clock, limiter, 3);
		expect(later[2] - later[1]).toBeCloseTo(1000 / (12.5 * 1.25 ** 4), 6);
		await clock.runUntil(later[2] + 10_000);
		// And no higher than the ceiling: 100 a second, 10 ms apart.
		const recovered = await grantTimes(clock, limiter, 3);
		expect(recovered[2] - recovered[1]).toBe(10);
	});
});
