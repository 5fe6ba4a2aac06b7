import { TaskPool } from '../../nodes/Gradient/transport/taskPool';
import { FakeClock } from './fakeClock';

describe('TaskPool', () => {
	it('runs at most its size at once, starting tasks in the order given as slots free up', async () => {
		const clock = new FakeClock();
		const pool = new TaskPool(3);
		const starts: Array<[number, number]> = [];
		const settling = pool.settle(
			Array.from({ length: 8 }, async (_, index) =>
				await pool.run(async () => {
					starts.push([index, clock.now()]);
					// Each task takes 10 ms, but the second 25 ms.
					await clock.sleep(index === 1 ? 25 : 10);
					return index * 2;
				}),
			),
		);
		await clock.runAll();
		expect(await settling).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
		expect(starts).toEqual([
			[0, 0],
			[1, 0],
			[2, 0],
			[3, 10],
			[4, 10],
			[5, 20],
			[6, 20],
			[7, 25],
		]);
	});

	it('stops at the first failure: queued tasks never start, running ones finish, then the error is thrown', async () => {
		const clock = new FakeClock();
		const pool = new TaskPool(2);
		const started: number[] = [];
		const finished: number[] = [];
		const first = new Error('first failure');
		const settling = pool.settle(
			Array.from({ length: 6 }, async (_, index) =>
				await pool.run(async () => {
					started.push(index);
					await clock.sleep(index === 0 ? 5 : 20);
					if (index === 0) throw first;
					finished.push(index);
				}),
			),
		);
		const outcome = settling.catch((error: unknown) => error);
		await clock.runAll();
		expect(await outcome).toBe(first);
		expect(started).toEqual([0, 1]);
		expect(finished).toEqual([1]);
		await expect(pool.run(async () => 'late')).rejects.toBe(first);
	});

	it('shares its slots between lanes: a lane of slow tasks handed in first cannot hold them all', async () => {
		const clock = new FakeClock();
		const pool = new TaskPool(4);
		const starts: Record<string, number[]> = { slow: [], fast: [] };
		const task = (lane: 'slow' | 'fast', milliseconds: number) =>
			pool.run(async () => {
				starts[lane].push(clock.now());
				await clock.sleep(milliseconds);
			}, lane);
		const work = [...Array.from({ length: 6 }, () => task('slow', 100)), ...Array.from({ length: 6 }, () => task('fast', 10))];
		const settling = pool.settle(work);
		await clock.runAll();
		await settling;
		expect(starts.fast).toEqual([0, 0, 10, 10, 20, 20]);
		// Two slots while the fast lane had work, all four after.
		expect(starts.slow).toEqual([0, 0, 30, 30, 100, 100]);
	});
});
