// Everything the queue test starts is registered here as it starts, and stopped in reverse
// order: after the test, when it fails, and on Ctrl-C or SIGTERM.

export class Teardown {
	constructor() {
		this.steps = [];
		this.running = undefined;
	}

	/** `stop` is awaited at teardown; `name` tells which one failed to stop. */
	add(name, stop) {
		this.steps.push({ name, stop });
	}

	/** Stops one of them now, e.g. the queue's n8n before the single process starts on its database. */
	async runStep(name) {
		const index = this.steps.findLastIndex((step) => step.name === name);
		if (index === -1) return;
		const [step] = this.steps.splice(index, 1);
		await step.stop();
	}

	/** Stops everything still registered; a step that fails does not keep the others from running. */
	run() {
		this.running ??= (async () => {
			while (this.steps.length) {
				const { name, stop } = this.steps.pop();
				try {
					await stop();
				} catch (error) {
					console.error(`[queue] could not stop ${name}: ${error.message}`);
				}
			}
		})();
		return this.running;
	}

	/** On SIGINT or SIGTERM: stop everything, then exit as interrupted. */
	stopOnSignals() {
		for (const signal of ['SIGINT', 'SIGTERM']) {
			process.once(signal, async () => {
				console.error(`[queue] ${signal}: stopping everything started`);
				await this.run();
				process.exit(130);
			});
		}
	}
}
