import { RateLimiter } from '../../nodes/Gradient/transport/rateLimiter';

/** Grant times for `count` callers that all start waiting at once; each is answered at once. */
async function grantTimes(limiter: RateLimiter, count: number, duringWait?: () => void): Promise<number[]> {
	const times: number[] = [];
	const waiting = Array.from({ length: count }, async () => {
		const answered = await limiter.waitForSlot();
		times.push(Date.now());
		answered();
	});
	duringWait?.();
	await Promise.all(waiting);
	return times;
}

function mostInAnyWindow(times: number[], windowMs: number): number {
	return Math.max(...times.map((start) => times.filter((time) => time >= start && time < start + windowMs).length));
}

function blockEventLoop(milliseconds: number) {
	const until = Date.now() + milliseconds;
	while (Date.now() < until);
}

describe('RateLimiter', () => {
	it('spaces grants at the ceiling instead of letting waiters through together', async () => {
		const started = Date.now();
		const times = await grantTimes(new RateLimiter(50), 11);
		// Ten intervals of 20 ms; the first grant is immediate.
		expect(times[10] - started).toBeGreaterThanOrEqual(195);
		expect(mostInAnyWindow(times, 15)).toBeLessThanOrEqual(2);
	});

	it('lets slots that fell due during a stall go out at twice the pace, not all at once', async () => {
		const times = await grantTimes(new RateLimiter(50), 11, () => {
			setTimeout(() => blockEventLoop(150), 5);
		});
		// Seven or eight slots fell due during the stall. At 10 ms apart, no 15 ms hold three of
		// them (even if this test's own callbacks run a few ms late); all at once, they would.
		expect(mostInAnyWindow(times, 15)).toBeLessThanOrEqual(2);
		expect(times[10] - times[0]).toBeGreaterThanOrEqual(150);
	});

	it('never grants more than the ceiling within one second, even after the event loop stalled', async () => {
		const times = await grantTimes(new RateLimiter(20), 30, () => {
			setTimeout(() => blockEventLoop(400), 100);
		});
		// 5 ms of slack for the moment a grant is recorded here, after the limiter made it.
		expect(mostInAnyWindow(times, 995)).toBeLessThanOrEqual(20);
		expect(times[29] - times[0]).toBeGreaterThanOrEqual(1000);
	});

	it('frees a place one second after its send when the answer came back sooner, so the round trip costs no throughput', async () => {
		const limiter = new RateLimiter(4);
		const firstSentAt = Date.now();
		const slots = await Promise.all(Array.from({ length: 4 }, async () => await limiter.waitForSlot()));
		const fifth = limiter.waitForSlot().then(() => Date.now());
		// A slow round trip: every answer arrives 600 ms after the last send. Counted from the
		// answers, the fifth would go out at 1,600 ms.
		await new Promise((resolve) => setTimeout(resolve, 600));
		for (const answered of slots) answered();
		const fifthSentAt = await fifth;
		expect(fifthSentAt - firstSentAt).toBeGreaterThanOrEqual(995);
		expect(fifthSentAt - firstSentAt).toBeLessThan(1400);
	});

	it('keeps a request unanswered a second after its send in the ceiling until its answer, since it may reach Gradient that late', async () => {
		const limiter = new RateLimiter(2);
		await limiter.waitForSlot(); // never answered: it holds its place throughout
		const second = await limiter.waitForSlot(); // sent 500 ms after the first
		const third = limiter.waitForSlot().then(() => Date.now());
		await new Promise((resolve) => setTimeout(resolve, 1600));
		const secondAnsweredAt = Date.now();
		second();
		expect(await third).toBeGreaterThanOrEqual(secondAnsweredAt);
	});

	it('holds every waiter while Gradient asked to wait', async () => {
		const limiter = new RateLimiter(1000);
		(await limiter.waitForSlot())();
		const pausedAt = Date.now();
		limiter.refused(pausedAt, 300);
		const times = await grantTimes(limiter, 3);
		expect(Math.min(...times) - pausedAt).toBeGreaterThanOrEqual(295);
	});

	it('keeps its pace after a lone 429, and halves it when 429s come back, once per overload', async () => {
		const limiter = new RateLimiter(50);
		(await limiter.waitForSlot())();
		limiter.refused(Date.now(), 0);
		const afterLoneRefusal = await grantTimes(limiter, 21);
		// Still 50 a second: twenty intervals of 20 ms. Halved, they would take 800 ms.
		expect(afterLoneRefusal[20] - afterLoneRefusal[0]).toBeLessThan(700);

		const sentBeforeTheOverload = Date.now() - 1;
		limiter.refused(Date.now(), 0);
		limiter.refused(sentBeforeTheOverload, 0);
		const afterRepeatedRefusal = await grantTimes(limiter, 21);
		// 25 a second: twenty intervals of 40 ms. Cut twice, they would take 1,600 ms.
		expect(afterRepeatedRefusal[20] - afterRepeatedRefusal[0]).toBeGreaterThanOrEqual(795);
		expect(afterRepeatedRefusal[20] - afterRepeatedRefusal[0]).toBeLessThan(1400);
	});

	it('raises its pace again, second by second without a 429, up to the ceiling', async () => {
		const limiter = new RateLimiter(20);
		(await limiter.waitForSlot())();
		// A lone 429, then three more overloads: 20 → 10 → 5 → 2.5 a second.
		for (let overload = 0; overload < 4; overload++) {
			limiter.refused(Date.now(), 0);
			await new Promise((resolve) => setTimeout(resolve, 2));
		}
		const early = await grantTimes(limiter, 3);
		expect(early[2] - early[0]).toBeGreaterThanOrEqual(700);
		await new Promise((resolve) => setTimeout(resolve, 4_000));
		// Each second without a 429 multiplies the pace by 1.25: back near 10 a second by now,
		// so 5 grants take about 400 ms, not 1.6 s.
		const later = await grantTimes(limiter, 5);
		expect(later[4] - later[0]).toBeLessThan(1_000);
		await new Promise((resolve) => setTimeout(resolve, 5_000));
		// And no higher than the ceiling: 20 a second, 50 ms apart.
		const recovered = await grantTimes(limiter, 5);
		expect(recovered[4] - recovered[0]).toBeGreaterThanOrEqual(195);
	}, 20_000);
});
