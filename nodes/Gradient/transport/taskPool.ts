interface Waiter {
	start: () => void;
	drop: (error: unknown) => void;
}

/** Tasks of one lane (one partner): started in the order they were handed in. */
interface Lane {
	running: number;
	waiting: Waiter[];
}

/**
 * Runs tasks with at most `size` at once. Tasks come in lanes, one per partner: within a lane
 * they start in the order they were handed in, and a free slot goes to the waiting lane that
 * runs the fewest tasks, so a partner whose requests are slow (or wait long for its own pace)
 * cannot hold every slot while the others wait.
 *
 * Work hands item failures back as values; work that throws means the node stops, so the pool
 * stops too: tasks not yet started are dropped with that error and send nothing.
 */
export class TaskPool {
	private running = 0;

	private readonly lanes = new Map<string | undefined, Lane>();

	private dispatchPending = false;

	private stoppedBy: { error: unknown } | undefined;

	constructor(private readonly size: number) {}

	async run<T>(task: () => Promise<T>, lane?: string): Promise<T> {
		await this.takeSlot(lane);
		const outcome = task();
		// Stopped before the slot is handed on, so no waiting task starts after a failure.
		await outcome.then(
			() => this.releaseSlot(lane),
			(error: unknown) => {
				this.stop(error);
				this.releaseSlot(lane);
			},
		);
		return await outcome;
	}

	/**
	 * Waits until every piece of work has settled, so nothing runs on behind the caller's back,
	 * and answers their values. The first piece that fails (in a task or around one) stops the
	 * pool; its error is thrown.
	 */
	async settle<T>(work: Array<Promise<T>>): Promise<T[]> {
		const settled = await Promise.allSettled(
			work.map(async (piece) =>
				await piece.catch((error: unknown) => {
					this.stop(error);
					throw error;
				}),
			),
		);
		if (this.stoppedBy) throw this.stoppedBy.error;
		return settled.map((result) => (result as PromiseFulfilledResult<T>).value);
	}

	private laneOf(name: string | undefined): Lane {
		let lane = this.lanes.get(name);
		if (!lane) {
			lane = { running: 0, waiting: [] };
			this.lanes.set(name, lane);
		}
		return lane;
	}

	/**
	 * Every task queues in its lane; slots are handed out once the code that is handing tasks in
	 * has run to its end, so that all partners' tasks are in line before the first slot is given.
	 */
	private async takeSlot(name: string | undefined): Promise<void> {
		if (this.stoppedBy) throw this.stoppedBy.error;
		const started = new Promise<void>((start, drop) => this.laneOf(name).waiting.push({ start, drop }));
		if (!this.dispatchPending) {
			this.dispatchPending = true;
			void Promise.resolve().then(() => {
				this.dispatchPending = false;
				this.dispatch();
			});
		}
		await started;
	}

	private releaseSlot(name: string | undefined): void {
		this.running--;
		this.laneOf(name).running--;
		this.dispatch();
	}

	/** Fills free slots, each from the waiting lane that runs the fewest tasks (the first such lane on a tie). */
	private dispatch(): void {
		while (this.running < this.size) {
			let chosen: Lane | undefined;
			for (const lane of this.lanes.values()) {
				if (lane.waiting.length && (!chosen || lane.running < chosen.running)) chosen = lane;
			}
			if (!chosen) return;
			this.running++;
			chosen.running++;
			(chosen.waiting.shift() as Waiter).start();
		}
	}

	private stop(error: unknown): void {
		if (this.stoppedBy) return;
		this.stoppedBy = { error };
		for (const lane of this.lanes.values()) for (const waiter of lane.waiting.splice(0)) waiter.drop(error);
	}
}
