// n8n in queue mode: one main process (editor, REST API, production webhooks), which puts each
// execution on the Redis queue, and worker processes (`n8n worker`) that take them off it and
// run them. All share one PostgreSQL database and one encryption key; each has its own user
// folder with this package unpacked into it, and its own ports.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { N8nInstance } from '../../test/e2e/n8nInstance.mjs';
import { freePort } from '../../test/e2e/ports.mjs';

/**
 * Executions one worker runs at once. Two workers × 5 hold the ten partners' executions fired
 * together, so none waits in the queue for a free slot; n8n advises at least 5.
 */
export const WORKER_CONCURRENCY = 5;
const READY_TIMEOUT_MS = 120_000;
const READY_POLL_MS = 500;
/**
 * How long an n8n process may take to stop: it waits for its running executions that long
 * (n8n's default is 30 s, beyond the 15 s after which the test instance kills it). Nothing runs
 * when the test stops n8n, unless it was interrupted, and then nothing is worth waiting for.
 */
const GRACEFUL_SHUTDOWN_SECONDS = 5;

/** What every n8n process of the test shares: its database, and a short graceful shutdown. */
function sharedEnvironment({ host, port, user, password }, database) {
	return {
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: String(GRACEFUL_SHUTDOWN_SECONDS),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: host,
		DB_POSTGRESDB_PORT: String(port),
		DB_POSTGRESDB_DATABASE: database,
		DB_POSTGRESDB_USER: user,
		DB_POSTGRESDB_PASSWORD: password,
	};
}

function queueEnvironment({ host, port }) {
	return { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: host, QUEUE_BULL_REDIS_PORT: String(port) };
}

/**
 * An `n8n worker` process; its log tells which executions it ran, and is kept on disk. It can be
 * started again after a stop; the log then goes on from the earlier runs'.
 */
class Worker {
	constructor(instance, healthPort, logFile) {
		this.instance = instance;
		this.healthPort = healthPort;
		this.logFile = logFile;
		this.earlierRunsLog = '';
	}

	get name() {
		return this.instance.name;
	}

	get isRunning() {
		return Boolean(this.instance.server) && !this.instance.hasExited;
	}

	get log() {
		return this.earlierRunsLog + this.instance.serverOutput;
	}

	async start() {
		this.earlierRunsLog = this.log;
		await this.instance.startWorker({ concurrency: WORKER_CONCURRENCY, healthPort: this.healthPort });
	}

	/** The ids of the executions this worker started, as its log tells. */
	startedExecutionIds() {
		return [...this.log.matchAll(/Worker started execution (\d+)/g)].map((match) => Number(match[1]));
	}

	async stop() {
		await this.instance.stop();
		writeFileSync(this.logFile, this.log);
	}
}

/**
 * Prepares (without starting) a main and `workerCount` workers on `database`, each with the
 * package from `tarball`. Workers write their logs into `logFolder`.
 */
export async function prepareQueueCluster({ tarball, postgres, database, redis, workerCount, logFolder }) {
	const shared = { ...sharedEnvironment(postgres, database), ...queueEnvironment(redis) };
	const main = new N8nInstance({ name: 'queue-main', port: await freePort(), brokerPort: await freePort(), environment: shared });
	main.prepare(tarball);
	const workers = [];
	for (let number = 1; number <= workerCount; number++) {
		const healthPort = await freePort();
		const instance = new N8nInstance({
			name: `queue-worker-${number}`,
			port: await freePort(),
			brokerPort: await freePort(),
			environment: {
				...shared,
				// The worker's own small server, whose readiness route says it takes jobs.
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			},
		});
		instance.prepare(tarball);
		workers.push(new Worker(instance, healthPort, path.join(logFolder, `${instance.name}.log`)));
	}
	return { main, workers };
}

/**
 * The main's user folder and database again, as one n8n in regular mode: it runs every
 * execution itself. For comparing with the queue.
 */
export async function singleProcess(mainFolderName, postgres, database) {
	return new N8nInstance({
		name: mainFolderName,
		port: await freePort(),
		brokerPort: await freePort(),
		environment: sharedEnvironment(postgres, database),
	});
}

/**
 * Whether the main serves the production webhook at `webhookPath` yet. A CORS preflight lists
 * the methods registered for a path and starts no execution.
 */
export async function webhookIsRegistered(instance, webhookPath) {
	try {
		const response = await fetch(`${instance.url}/webhook/${webhookPath}`, {
			method: 'OPTIONS',
			headers: { Origin: 'http://127.0.0.1', 'Access-Control-Request-Method': 'POST' },
		});
		return (response.headers.get('access-control-allow-methods') ?? '').split(/,\s*/).includes('POST');
	} catch {
		return false;
	}
}

export async function waitForWebhook(instance, webhookPath) {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (!(await webhookIsRegistered(instance, webhookPath))) {
		if (Date.now() > deadline) throw new Error(`n8n did not register the webhook ${webhookPath} in ${READY_TIMEOUT_MS / 1000} s`);
		await delay(READY_POLL_MS);
	}
}
