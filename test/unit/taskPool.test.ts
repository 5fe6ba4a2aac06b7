import { TaskPool } from '../../nodes/Gradient/helpers/taskPool';

const tick = async (milliseconds = 5) => await new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('TaskPool', () => {
	it('runs at most its size at once, starting tasks in the order given', async () => {
		const pool = new TaskPool(3);
		let running = 0;
		let mostRunning = 0;
		const started: number[] = [];
		const results = await pool.settle(
			Array.from({ length: 10 }, async (_, index) =>
				await pool.run(async () => {
					started.push(index);
					mostRunning = Math.max(mostRunning, ++running);
					await tick();
					running--;
					return index * 2;
				}),
			),
		);
		expect(mostRunning).toBe(3);
		expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(results).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
	});

	it('stops at the first failure: queued tasks never start, running ones finish, then the error is thrown', async () => {
		const pool = new TaskPool(2);
		const started: number[] = [];
		const finished: number[] = [];
		const first = new Error('first failure');
		const settling = pool.settle(
			Array.from({ length: 6 }, async (_, index) =>
				await pool.run(async () => {
					started.push(index);
					await tick(index === 0 ? 5 : 20);
					if (index === 0) throw first;
					finished.push(index);
				}),
			),
		);
		await expect(settling).rejects.toBe(first);
		expect(started).toEqual([0, 1]);
		expect(finished).toEqual([1]);
		await expect(pool.run(async () => 'late')).rejects.toBe(first);
	});
});
