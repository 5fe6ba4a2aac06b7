interface Waiter {
	start: () => void;
	drop: (error: unknown) => void;
}

/**
 * Runs tasks with at most `size` at once, starting them in the order they were handed in.
 * Work hands item failures back as values; work that throws means the node stops, so the pool
 * stops too: tasks not yet started are dropped with that error and send nothing.
 */
export class TaskPool {
	private running = 0;

	private readonly waiting: Waiter[] = [];

	private stoppedBy: { error: unknown } | undefined;

	constructor(private readonly size: number) {}

	async run<T>(task: () => Promise<T>): Promise<T> {
		await this.takeSlot();
		const outcome = task();
		// Stopped before the slot is handed on, so no waiting task starts after a failure.
		await outcome.then(
			() => this.releaseSlot(),
			(error: unknown) => {
				this.stop(error);
				this.releaseSlot();
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

	private async takeSlot(): Promise<void> {
		if (this.stoppedBy) throw this.stoppedBy.error;
		if (this.running < this.size) {
			this.running++;
			return;
		}
		await new Promise<void>((start, drop) => this.waiting.push({ start, drop }));
	}

	/** A finished task hands its slot straight to the longest waiting one. */
	private releaseSlot(): void {
		const next = this.waiting.shift();
		if (next) next.start();
		else this.running--;
	}

	private stop(error: unknown): void {
		if (this.stoppedBy) return;
		this.stoppedBy = { error };
		for (const waiter of this.waiting.splice(0)) waiter.drop(error);
	}
}
