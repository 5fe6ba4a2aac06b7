#!/usr/bin/env node
// npm run test:queue: the package in n8n's queue mode, the way a vendor with many partners scales
// out. On 127.0.0.1 only, it starts PostgreSQL and Redis (Debian's packages, installed when
// missing), the Gradient emulator, and a real n8n 2.41.1 as one main and two workers with this
// package loaded in each. The nightly-sync example, started through its production webhook
// once per partner (10 partners × 300 counts, fired together), must run on both workers and
// leave every count right in Gradient, no account created twice and each partner's billing
// rebuilt once; with Gradient's limit counted per vendor key and per partner token, and then,
// for comparison, on one n8n in regular mode. Before that, in queue mode, Skip Unchanged and
// Zero Missing over two nights, one execution a night serving every partner, the worker that
// ran night 1 stopped first: what night 2 sends, what Gradient holds after it, and the memory
// saved in PostgreSQL (no key in it); and the same two nights with the Gradient node in a
// sub-workflow that a webhook's workflow calls through an Execute Workflow node, the stopped
// worker started again first. It prints the times, writes them to
// artifacts/queue/results.md and results.json (the workers' logs to artifacts/queue/logs),
// exits non-zero when a check fails, and stops everything it started, also on failure and on
// Ctrl-C.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { buildPackage, markdownTable } from './measurement.mjs';
import { N8N_VERSION } from './n8nRuntime.mjs';
import { WORKER_CONCURRENCY, prepareQueueCluster, singleProcess, waitForWebhook } from './queue/cluster.mjs';
import { ensureDebianPackages, startPostgres, startRedis } from './queue/services.mjs';
import { Teardown } from './queue/teardown.mjs';
import {
	COUNTS_PER_PARTNER,
	CREDENTIAL,
	PARTNER_COUNT,
	PARTNER_NUMBERS,
	VENDOR_KEY,
	checkGradientSide,
	checkMemory,
	callingWorkflow,
	checkNightTwo,
	countsSent,
	rowsOf,
	seed,
	syncSubWorkflow,
	syncWorkflow,
} from './queue/workload.mjs';
import { startEmulator } from '../test/emulator/server.mjs';
import { packPackage } from '../test/e2e/n8nInstance.mjs';
import { freePort } from '../test/e2e/ports.mjs';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsFolder = path.join(repositoryRoot, 'artifacts', 'queue');
const logFolder = path.join(resultsFolder, 'logs');

// Gradient's answer time and documented limit, as in npm run bench.
const LATENCY_MS = 30;
const GRADIENT_REQUESTS_PER_SECOND = 100;
const WORKER_COUNT = 2;
const DATABASE = 'n8n';
const RUN_TIMEOUT_MS = 300_000;
const EXECUTION_POLL_MS = 500;
const FINISHED_STATUSES = ['success', 'error', 'crashed', 'canceled'];
/**
 * Whether a worker starts a new execution from the workflow's static data in the database.
 * n8n 2.41.1 does not: the main stores the execution's workflow without its static data, and a
 * worker reads the static data from the database only for an execution that resumes (a Wait).
 * The worker saves the static data at the end all the same. So in queue mode the node's memory
 * never reaches the next execution: Skip Unchanged skips nothing, Zero Missing zeroes nothing,
 * and each execution saves only what it set itself. Step 6 checks that this is still so: an n8n
 * that carries the memory fails it, and with this true, step 6 checks that night 2 sends only
 * what changed, zeroes the account that left and keeps the billing rebuild.
 */
const STATIC_DATA_REACHES_WORKERS = false;
/**
 * Whether a sub-workflow, run by an Execute Workflow node from the database, starts from its
 * static data in the database, on a worker too. In n8n 2.41.1 it does: the process that runs
 * the parent loads the sub-workflow from the database, static data included, and saves the
 * sub-workflow's static data when it ends. Step 7 checks that night 2 sends only what changed
 * and zeroes the account that left.
 */
const SUB_WORKFLOW_STATIC_DATA_REACHES_WORKERS = true;

const startedAt = Date.now();
const progress = (message) => console.error(`[queue +${Math.round((Date.now() - startedAt) / 1000)} s] ${message}`);

/**
 * The example at the node's defaults, and with the node's ceiling divided among every
 * execution the workers run at once: what executions sharing one vendor key need to stay
 * under Gradient's limit together. And with Skip Unchanged and Zero Missing, for one
 * execution a night serving every partner: in the webhook's workflow, and in a sub-workflow the
 * webhook's workflow calls.
 */
function workflows(defaultRequestsPerSecond) {
	const sharedCeiling = Math.floor(defaultRequestsPerSecond / (WORKER_COUNT * WORKER_CONCURRENCY));
	const incrementalSubWorkflow = syncSubWorkflow({
		id: 'gradientQueue005',
		name: 'Gradient: nightly usage sync of the partners asked for, Skip Unchanged and Zero Missing (sub-workflow)',
		gradientOptions: { skipUnchanged: true, zeroMissing: true },
	});
	return {
		atDefaults: syncWorkflow({ id: 'gradientQueue001', name: 'Gradient: nightly usage sync per partner', webhookPath: 'gradient-partner-sync' }),
		sharedCeiling: syncWorkflow({
			id: 'gradientQueue002',
			name: `Gradient: nightly usage sync per partner, ${sharedCeiling} requests/s per execution`,
			webhookPath: 'gradient-partner-sync-shared-ceiling',
			requestsPerSecond: sharedCeiling,
		}),
		incremental: syncWorkflow({
			id: 'gradientQueue003',
			name: 'Gradient: nightly usage sync of every partner, Skip Unchanged and Zero Missing',
			webhookPath: 'gradient-all-partners-sync-incremental',
			gradientOptions: { skipUnchanged: true, zeroMissing: true },
		}),
		incrementalSubWorkflow,
		incrementalCalling: callingWorkflow({
			id: 'gradientQueue004',
			name: 'Gradient: nightly usage sync of every partner, in a sub-workflow with Skip Unchanged and Zero Missing',
			webhookPath: 'gradient-all-partners-sync-sub-workflow',
			subWorkflow: incrementalSubWorkflow,
		}),
	};
}

/** n8n keeps run data in its database serialized with flatted: the parser of that n8n's own copy. */
function runDataParser(n8nBinary) {
	return createRequire(path.join(path.dirname(path.dirname(n8nBinary)), 'package.json'))('flatted').parse;
}

class QueueTest {
	constructor(emulatorHandle, postgres, defaultRequestsPerSecond) {
		this.emulatorHandle = emulatorHandle;
		this.postgres = postgres;
		this.defaultRequestsPerSecond = defaultRequestsPerSecond;
		this.requests = undefined;
	}

	/** The emulator calls this for every vendor API request it answered. */
	record(entry) {
		this.requests?.push(entry);
	}

	async lastExecutionId() {
		const [row] = await this.postgres.jsonRows(DATABASE, "SELECT json_build_object('id', coalesce(max(id), 0)) FROM execution_entity");
		return row.id;
	}

	async executionsAfter(workflowId, afterId) {
		return await this.postgres.jsonRows(
			DATABASE,
			`SELECT json_build_object('id', id, 'status', status, 'mode', mode,
				'createdAt', round(extract(epoch FROM "createdAt") * 1000),
				'startedAt', round(extract(epoch FROM "startedAt") * 1000),
				'stoppedAt', round(extract(epoch FROM "stoppedAt") * 1000))
			FROM execution_entity WHERE "workflowId" = '${workflowId}' AND id > ${afterId} ORDER BY id`,
		);
	}

	async waitForExecutions(workflowId, afterId, expected) {
		const deadline = Date.now() + RUN_TIMEOUT_MS;
		for (;;) {
			const executions = await this.executionsAfter(workflowId, afterId);
			const finished = executions.filter((execution) => FINISHED_STATUSES.includes(execution.status) && execution.stoppedAt);
			if (executions.length >= expected && finished.length === executions.length) return executions;
			if (Date.now() > deadline) {
				throw new Error(`${finished.length} of ${expected} executions finished after ${RUN_TIMEOUT_MS / 1000} s`);
			}
			await delay(EXECUTION_POLL_MS);
		}
	}

	/** The items the Gradient node output in these executions, from the run data n8n stored. */
	async gradientOutput(instance, executions, gradientNodeName) {
		if (executions.length === 0) return [];
		const parseRunData = runDataParser(instance.binary);
		const rows = await this.postgres.jsonRows(
			DATABASE,
			`SELECT to_json(data) FROM execution_data WHERE "executionId" IN (${executions.map((execution) => execution.id).join(',')})`,
		);
		return rows.flatMap((data) => (parseRunData(data).resultData.runData[gradientNodeName] ?? []).flatMap((nodeRun) => nodeRun.data?.main?.[0] ?? []));
	}

	/** Why the Gradient node's items failed, if any did: each message (ids left out) with how often. */
	async gradientFailures(instance, executions, gradientNodeName) {
		const failures = {};
		for (const item of await this.gradientOutput(instance, executions, gradientNodeName)) {
			if (item.json.result !== 'failed') continue;
			const message = String(item.json.message).replace(/\[item \d+\]/, '[item n]').replace(/[0-9a-f]{24}/g, '{id}');
			failures[message] = (failures[message] ?? 0) + 1;
		}
		return failures;
	}

	/** The workflow's static data as n8n stored it in PostgreSQL: the text, or null. */
	async storedStaticData(workflowId) {
		const [row] = await this.postgres.jsonRows(DATABASE, `SELECT json_build_object('text', "staticData"::text) FROM workflow_entity WHERE id = '${workflowId}'`);
		return row?.text ?? null;
	}

	/**
	 * Fires the webhook once per partner, all together, with Gradient's limit counted per
	 * `limitScope`; waits for the ten executions to finish; answers the figures and what went
	 * wrong. With `workers`, also which worker ran each execution.
	 */
	async measure({ label, instance, workers, workflow, limitScope }) {
		progress(`${label}, Gradient's limit per ${limitScope}`);
		const { emulator } = this.emulatorHandle;
		emulator.reset();
		emulator.configure({ rateLimit: { requestsPerSecond: GRADIENT_REQUESTS_PER_SECOND, scope: limitScope } });
		const afterId = await this.lastExecutionId();
		const [loadAverageBefore] = os.loadavg();
		this.requests = [];
		const firedAt = Date.now();
		const answers = await Promise.all(PARTNER_NUMBERS.map(async (partner) => await askForSync(instance, workflow, { partner })));
		const problems = answers.filter((status) => status !== 200).map((status) => `a webhook call was answered ${status}`);
		let executions = [];
		if (problems.length === 0) {
			try {
				executions = await this.waitForExecutions(workflow.id, afterId, PARTNER_COUNT);
			} catch (error) {
				problems.push(error.message);
			}
		}
		const requests = this.requests;
		this.requests = undefined;

		if (executions.length !== PARTNER_COUNT) problems.push(`${executions.length} executions, expected ${PARTNER_COUNT}`);
		for (const execution of executions) {
			if (execution.status !== 'success' || execution.mode !== 'webhook') {
				problems.push(`execution ${execution.id}: ${execution.mode}, ${execution.status}`);
			}
		}
		const perWorker = workers ? executionsPerWorker(workers, executions, problems) : null;
		const gradient = checkGradientSide(emulator.state(), requests);
		problems.push(...gradient.problems);
		const byStatus = {};
		for (const { status } of requests) byStatus[status ?? 'reset'] = (byStatus[status ?? 'reset'] ?? 0) + 1;
		return {
			label,
			limitScope,
			requestsPerSecond: workflow.requestsPerSecond ?? this.defaultRequestsPerSecond,
			processes: workers ? `main + ${workers.length} workers` : '1 (regular mode)',
			wallSeconds: executions.length ? (Math.max(...executions.map((execution) => execution.stoppedAt)) - firedAt) / 1000 : null,
			executionSeconds: executions.map((execution) => (execution.stoppedAt - execution.startedAt) / 1000),
			queuedSeconds: executions.map((execution) => (execution.startedAt - execution.createdAt) / 1000),
			perWorker,
			loadAverageBefore,
			...gradient.figures,
			byStatus,
			itemFailures: await this.gradientFailures(instance, executions, workflow.gradientNodeName),
			problems,
		};
	}

	/**
	 * Fires the webhook once for every partner's sync on `night`, waits for that one execution
	 * (and, when the workflow calls a sub-workflow, for the sub-workflow's one execution) and
	 * answers what it did: which worker ran it, the vendor API requests it made, and the
	 * Gradient node's results by kind.
	 */
	async night({ instance, workers, workflow, night, problems }) {
		const afterId = await this.lastExecutionId();
		this.requests = [];
		const status = await askForSync(instance, workflow, { partners: PARTNER_NUMBERS, night });
		let executions = [];
		let subExecutions = [];
		if (status !== 200) problems.push(`night ${night}: the webhook call was answered ${status}`);
		else {
			try {
				executions = await this.waitForExecutions(workflow.id, afterId, 1);
				if (workflow.subWorkflow) subExecutions = await this.waitForExecutions(workflow.subWorkflow.id, afterId, 1);
			} catch (error) {
				problems.push(`night ${night}: ${error.message}`);
			}
		}
		const requests = this.requests;
		this.requests = undefined;

		if (executions.length !== 1) problems.push(`night ${night}: ${executions.length} executions, expected 1`);
		const [execution] = executions;
		if (execution && (execution.status !== 'success' || execution.mode !== 'webhook')) {
			problems.push(`night ${night}: execution ${execution.id}: ${execution.mode}, ${execution.status}`);
		}
		const ranIt = execution ? workers.filter((worker) => worker.startedExecutionIds().includes(execution.id)) : [];
		if (execution && ranIt.length !== 1) problems.push(`night ${night}: execution ${execution.id} started on ${ranIt.length} workers, expected 1`);
		if (workflow.subWorkflow) {
			if (subExecutions.length !== 1) problems.push(`night ${night}: ${subExecutions.length} executions of the sub-workflow, expected 1`);
			for (const subExecution of subExecutions) {
				if (subExecution.status !== 'success' || subExecution.mode !== 'integrated') {
					problems.push(`night ${night}: sub-workflow execution ${subExecution.id}: ${subExecution.mode}, ${subExecution.status}`);
				}
			}
		}
		const results = {};
		for (const item of await this.gradientOutput(instance, workflow.subWorkflow ? subExecutions : executions, workflow.gradientNodeName)) {
			results[item.json.result] = (results[item.json.result] ?? 0) + 1;
		}
		return {
			night,
			workerName: ranIt.length === 1 ? ranIt[0].name : null,
			executionSeconds: execution ? (execution.stoppedAt - execution.startedAt) / 1000 : null,
			subExecutionId: subExecutions[0]?.id ?? null,
			countsSent: countsSent(requests).length,
			rateLimited: requests.filter((request) => request.status === 429).length,
			results,
			requests,
		};
	}

	/**
	 * Skip Unchanged and Zero Missing in queue mode: one execution a night serves every partner.
	 * The worker that ran night 1 is stopped before night 2, so night 2 runs on the other one and
	 * the memory can only come to it through PostgreSQL. `memoryCarried`: whether night 2 is
	 * checked to start from the memory night 1 saved, or from none.
	 */
	async twoNights({ label, instance, workers, workflow, stopWorker, memoryCarried }) {
		progress(`${label}: night 1`);
		const { emulator } = this.emulatorHandle;
		emulator.reset();
		emulator.configure({ rateLimit: { requestsPerSecond: GRADIENT_REQUESTS_PER_SECOND, scope: 'vendor' } });
		const problems = [];
		const nights = [];
		const { requests: nightOneRequests, ...nightOne } = await this.night({ instance, workers, workflow, night: 1, problems });
		const stateAfterNightOne = emulator.state();
		const nightOneCheck = checkGradientSide(stateAfterNightOne, nightOneRequests);
		problems.push(...nightOneCheck.problems.map((problem) => `night 1: ${problem}`));
		nights.push({ ...nightOne, billingBuilds: nightOneCheck.figures.billingBuilds });
		const outcome = { label, inSubWorkflow: Boolean(workflow.subWorkflow), memoryCarried, nights, memory: null, problems };
		if (!nightOne.workerName) return outcome;

		progress(`${label}: stopping ${nightOne.workerName}, which ran night 1; night 2`);
		await stopWorker(nightOne.workerName);
		const { requests: nightTwoRequests, ...nightTwo } = await this.night({ instance, workers, workflow, night: 2, problems });
		if (nightTwo.workerName === nightOne.workerName) problems.push(`night 2 ran on ${nightOne.workerName}, which was stopped`);
		const state = emulator.state();
		const nightTwoCheck = checkNightTwo(stateAfterNightOne, state, nightTwoRequests, { memoryCarried });
		problems.push(...nightTwoCheck.problems.map((problem) => `night 2: ${problem}`));
		const { expectedResults } = nightTwoCheck;
		const kinds = new Set([...Object.keys(expectedResults), ...Object.keys(nightTwo.results)]);
		if ([...kinds].some((kind) => (nightTwo.results[kind] ?? 0) !== (expectedResults[kind] ?? 0))) {
			problems.push(`night 2: the Gradient node output ${resultKinds(nightTwo.results)}, expected ${resultKinds(expectedResults)}`);
		}
		nights.push({ ...nightTwo, countsExpected: nightTwoCheck.figures.countsExpected, billingBuilds: nightTwoCheck.figures.billingBuilds });

		const memory = checkMemory(await this.storedStaticData((workflow.subWorkflow ?? workflow).id), nightTwoCheck.expectedMemory);
		problems.push(...memory.problems.map((problem) => `memory after night 2: ${problem}`));
		outcome.memory = memory.figures;
		return outcome;
	}
}

/** Calls the workflow's production webhook with `body`, as a scheduler asking for a sync would; answers the HTTP status. */
async function askForSync(instance, workflow, body) {
	const response = await fetch(`${instance.url}/webhook/${workflow.webhookPath}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	await response.arrayBuffer();
	return response.status;
}

const resultKinds = (results) =>
	Object.entries(results)
		.filter(([, count]) => count > 0)
		.map(([kind, count]) => `${kind} ${count}`)
		.join(', ') || 'nothing';

/**
 * n8n 2.41 does not record in the database which worker ran an execution; each worker's log
 * does ("Worker started execution <id>"). Each execution must be in exactly one worker's log,
 * and every worker must have run some.
 */
function executionsPerWorker(workers, executions, problems) {
	const ids = new Set(executions.map((execution) => execution.id));
	const started = new Map(workers.map((worker) => [worker, worker.startedExecutionIds().filter((id) => ids.has(id))]));
	for (const id of ids) {
		const ranIt = workers.filter((worker) => started.get(worker).includes(id));
		if (ranIt.length !== 1) problems.push(`execution ${id} started on ${ranIt.length} workers, expected 1`);
	}
	for (const worker of workers) {
		if (started.get(worker).length === 0) problems.push(`${worker.name} ran none of the executions`);
	}
	return Object.fromEntries(workers.map((worker) => [worker.name, started.get(worker).length]));
}

async function startServices(teardown, defaultRequestsPerSecond) {
	progress('starting the Gradient emulator, PostgreSQL and Redis');
	let test;
	const emulatorHandle = await startEmulator({
		seed: seed(),
		latencyMs: LATENCY_MS,
		journalLimit: 0,
		onRequest: (entry) => test.record(entry),
	});
	teardown.add('the Gradient emulator', () => emulatorHandle.close());
	const postgres = await startPostgres(await freePort(), teardown);
	const redis = await startRedis(await freePort(), teardown);
	await postgres.createDatabase(DATABASE);
	test = new QueueTest(emulatorHandle, postgres, defaultRequestsPerSecond);
	return { emulatorHandle, postgres, redis, test };
}

/** Main and workers with the package, the credential and the published workflows; started. */
async function startQueue(teardown, { emulatorHandle, postgres, redis }, syncWorkflows) {
	progress('packing the package and unpacking it into the user folders of the main and the workers');
	rmSync(logFolder, { recursive: true, force: true });
	mkdirSync(logFolder, { recursive: true });
	const tarball = packPackage();
	const cluster = await prepareQueueCluster({
		tarball,
		postgres: postgres.connection,
		database: DATABASE,
		redis: redis.connection,
		workerCount: WORKER_COUNT,
		logFolder,
	});
	rmSync(path.dirname(tarball), { recursive: true, force: true });

	progress('importing the credential and the workflows into PostgreSQL, publishing the workflows');
	const { main, workers } = cluster;
	const partnerApiKey = rowsOf(PARTNER_NUMBERS[0])[0].partnerApiKey;
	await main.importCredentials([{ ...CREDENTIAL, data: { vendorApiKey: VENDOR_KEY, partnerApiKey, baseUrl: emulatorHandle.url } }]);
	await main.importWorkflows(syncWorkflows.map((workflow) => workflow.definition));
	// An Execute Workflow node outside the editor runs only the published version of a sub-workflow.
	for (const workflow of syncWorkflows) await main.n8n(['publish:workflow', `--id=${workflow.id}`]);

	progress(`starting n8n in queue mode: the main and ${WORKER_COUNT} workers`);
	teardown.add('the n8n main', () => main.stop());
	for (const worker of workers) teardown.add(worker.name, () => worker.stop());
	await Promise.all([main.start(), ...workers.map((worker) => worker.start())]);
	for (const workflow of syncWorkflows.filter((candidate) => candidate.webhookPath)) await waitForWebhook(main, workflow.webhookPath);
	return cluster;
}

/** Starts again the workers stopped since the queue started, e.g. by step 6. */
async function restartStoppedWorkers(teardown, { workers }) {
	for (const worker of workers.filter((candidate) => !candidate.isRunning)) {
		progress(`starting ${worker.name} again`);
		teardown.add(worker.name, () => worker.stop());
		await worker.start();
	}
}

async function stopQueue(teardown, { workers }) {
	for (const worker of workers) await teardown.runStep(worker.name);
	await teardown.runStep('the n8n main');
}

async function startSingleProcess(teardown, { postgres }, mainFolderName, workflow) {
	progress('starting one n8n in regular mode on the same database');
	const single = await singleProcess(mainFolderName, postgres.connection, DATABASE);
	teardown.add('the single n8n', () => single.stop());
	await single.start();
	await waitForWebhook(single, workflow.webhookPath);
	return single;
}

const seconds = (value) => (value === null ? '–' : value.toFixed(1));
const span = (values) => (values.length ? `${seconds(Math.min(...values))}–${seconds(Math.max(...values))}` : '–');

function resultsTable(results) {
	return markdownTable([
		[
			`run (${PARTNER_COUNT} partners × ${COUNTS_PER_PARTNER} counts, fired together)`,
			'n8n processes',
			`Gradient's ${GRADIENT_REQUESTS_PER_SECOND}/s counted per`,
			"node's Requests Per Second (per execution)",
			'all done after (s)',
			'one execution (s)',
			'waited in the queue (s)',
			'429s',
			'counts stored / unmapped / lost',
			'accounts created',
			'billing rebuilds',
			'executions per worker',
			'load average before',
		],
		...results.map((result) => [
			result.label,
			result.processes,
			result.limitScope === 'token' ? 'partner token' : 'vendor key',
			String(result.requestsPerSecond),
			seconds(result.wallSeconds),
			span(result.executionSeconds),
			span(result.queuedSeconds),
			String(result.rateLimited),
			`${result.countsStored} / ${result.countsUnmapped} / ${result.lost}`,
			String(result.accountsCreated),
			String(result.billingBuilds),
			result.perWorker ? Object.values(result.perWorker).join(' + ') : '–',
			result.loadAverageBefore.toFixed(1),
		]),
	]);
}

/**
 * The throughput target of executions sharing one vendor key at the node's defaults: reported,
 * like npm run bench's, not a check that fails the run (timing is the machine's as much as the
 * node's).
 */
const SHARED_KEY_TARGET_TO_FLOOR = 1.25;

function targetLines(results, defaultRequestsPerSecond) {
	const floorSeconds = (PARTNER_COUNT * COUNTS_PER_PARTNER) / GRADIENT_REQUESTS_PER_SECOND;
	return results
		.filter((result) => result.limitScope === 'vendor' && result.requestsPerSecond === defaultRequestsPerSecond)
		.map((result) => {
			const ratio = result.wallSeconds / floorSeconds;
			return `Target (${result.label}, limit per vendor key, node at its defaults): all done / ${floorSeconds} s floor = ${ratio.toFixed(2)}, target ≤ ${SHARED_KEY_TARGET_TO_FLOOR}: ${ratio <= SHARED_KEY_TARGET_TO_FLOOR ? 'met' : 'MISSED'}; ${result.rateLimited} answers of 429.`;
		});
}

/** The two nights of Skip Unchanged and Zero Missing, and the memory n8n stored between them. */
function twoNightsLines({ label, inSubWorkflow, memoryCarried, nights, memory }) {
	return [
		`${label}: one execution a night serves the ${PARTNER_COUNT} partners (per-item partner key), Gradient's ${GRADIENT_REQUESTS_PER_SECOND}/s counted per vendor key; ` +
			(inSubWorkflow
				? "the webhook's workflow hands the request to a sub-workflow (Execute Workflow node, from the database, waiting for it) that holds the Gradient node; "
				: '') +
			'night 2 has every 7th row changed and one mapped account of each partner left out, and runs after the worker that ran night 1 was stopped.',
		'',
		markdownTable([
			['night', 'ran on', 'execution (s)', 'count requests answered (expected)', '429s', "Gradient node's results", 'billing rebuilds'],
			...nights.map((night) => [
				String(night.night),
				night.workerName ?? '–',
				seconds(night.executionSeconds),
				`${night.countsSent}${night.countsExpected === undefined ? '' : ` (${night.countsExpected})`}`,
				String(night.rateLimited),
				resultKinds(night.results),
				String(night.billingBuilds),
			]),
		]),
		'',
		nights.length < 2
			? 'Memory after night 2: not read (night 2 did not run).'
			: memory
				? `Memory after night 2, as n8n stored it in PostgreSQL (workflow_entity."staticData" of the ${inSubWorkflow ? 'sub-workflow' : 'workflow'}): ${memory.bytes} bytes, ${memory.partners} partners, ${memory.pairs} pairs.`
				: 'Memory after night 2: none in the static data n8n stored in PostgreSQL.',
		memoryCarried
			? 'Night 2 is checked to start from the memory night 1 saved: it sends only the changed rows, the unmapped accounts\' rows, a 0 for each count of the account left out and the last row (for the billing rebuild).'
			: `Night 2 is checked to start from no memory: n8n ${N8N_VERSION} in queue mode does not give a worker the static data of a new execution, so Skip Unchanged skips nothing and Zero Missing zeroes nothing.`,
	];
}

function report({ machine, install, results, twoNightsRuns, failures, totalSeconds, defaultRequestsPerSecond }) {
	return [
		`Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, load average ${machine.loadAverageAtStart.toFixed(2)} ` +
			`at the start and ${machine.loadAverageAtEnd.toFixed(2)} at the end; Node ${machine.node}; n8n ${machine.n8n}.`,
		`Emulator: ${LATENCY_MS} ms latency, ${GRADIENT_REQUESTS_PER_SECOND} requests/s. Workers: ${WORKER_COUNT}, concurrency ${WORKER_CONCURRENCY} each.`,
		'',
		resultsTable(results),
		'',
		...results
			.filter((result) => Object.keys(result.itemFailures).length)
			.flatMap((result) => [
				`Items the Gradient node reported as failed in ${result.label} (Gradient's limit per ${result.limitScope}):`,
				...Object.entries(result.itemFailures).map(([message, count]) => `- ${count} × ${message}`),
				'',
			]),
		...targetLines(results, defaultRequestsPerSecond),
		'',
		...twoNightsRuns.flatMap((twoNights) => [...twoNightsLines(twoNights), '']),
		...(failures.length ? ['Checks FAILED:', ...failures.map((failure) => `- ${failure}`)] : ['Every check passed.']),
		'',
		`${install.packages.length ? `apt-get install of ${install.packages.join(', ')} took ${Math.round(install.seconds)} s; ` : ''}` +
			`npm run test:queue took ${Math.round(totalSeconds)} s.`,
	].join('\n');
}

async function main() {
	const [loadAverageAtStart] = os.loadavg();
	const teardown = new Teardown();
	teardown.stopOnSignals();
	try {
		const install = ensureDebianPackages();
		progress('building the package');
		buildPackage();
		const { DEFAULT_REQUESTS_PER_SECOND } = await import('../dist/nodes/Gradient/tuning.js');
		const { atDefaults, sharedCeiling, incremental, incrementalSubWorkflow, incrementalCalling } = workflows(DEFAULT_REQUESTS_PER_SECOND);
		const services = await startServices(teardown, DEFAULT_REQUESTS_PER_SECOND);
		const { test } = services;

		const results = [];
		const cluster = await startQueue(teardown, services, [atDefaults, sharedCeiling, incremental, incrementalSubWorkflow, incrementalCalling]);
		const queued = { instance: cluster.main, workers: cluster.workers };
		results.push(await test.measure({ label: '1. queue mode', ...queued, workflow: atDefaults, limitScope: 'vendor' }));
		results.push(await test.measure({ label: '2. queue mode', ...queued, workflow: atDefaults, limitScope: 'token' }));
		results.push(await test.measure({ label: '3. queue mode, ceiling shared', ...queued, workflow: sharedCeiling, limitScope: 'vendor' }));
		const stopWorker = (workerName) => teardown.runStep(workerName);
		const twoNightsRuns = [
			await test.twoNights({
				label: '6. queue mode, Skip Unchanged and Zero Missing, two nights',
				...queued,
				workflow: incremental,
				stopWorker,
				memoryCarried: STATIC_DATA_REACHES_WORKERS,
			}),
		];
		// Both workers again, so that step 7's night 2 too runs on another worker than its night 1.
		await restartStoppedWorkers(teardown, cluster);
		twoNightsRuns.push(
			await test.twoNights({
				label: '7. queue mode, Skip Unchanged and Zero Missing in a sub-workflow, two nights',
				...queued,
				workflow: incrementalCalling,
				stopWorker,
				memoryCarried: SUB_WORKFLOW_STATIC_DATA_REACHES_WORKERS,
			}),
		);
		await stopQueue(teardown, cluster);

		const single = await startSingleProcess(teardown, services, cluster.main.name, atDefaults);
		results.push(await test.measure({ label: '4. one process', instance: single, workflow: atDefaults, limitScope: 'vendor' }));
		results.push(await test.measure({ label: '5. one process', instance: single, workflow: atDefaults, limitScope: 'token' }));
		await teardown.run();

		const machine = {
			cores: os.cpus().length,
			cpu: os.cpus()[0]?.model ?? 'unknown',
			memoryGiB: Math.round(os.totalmem() / 2 ** 30),
			loadAverageAtStart,
			loadAverageAtEnd: os.loadavg()[0],
			node: process.versions.node,
			n8n: N8N_VERSION,
		};
		const failures = [
			...results.flatMap((result) => result.problems.map((problem) => `${result.label} (${result.limitScope}): ${problem}`)),
			...twoNightsRuns.flatMap((twoNights) => twoNights.problems.map((problem) => `${twoNights.label}: ${problem}`)),
		];
		const totalSeconds = (Date.now() - startedAt) / 1000;
		const text = report({ machine, install, results, twoNightsRuns, failures, totalSeconds, defaultRequestsPerSecond: DEFAULT_REQUESTS_PER_SECOND });
		console.log(text);
		mkdirSync(resultsFolder, { recursive: true });
		writeFileSync(path.join(resultsFolder, 'results.md'), `${text}\n`);
		writeFileSync(
			path.join(resultsFolder, 'results.json'),
			`${JSON.stringify({ machine, install, countsPerPartner: COUNTS_PER_PARTNER, results, twoNightsRuns, totalSeconds }, null, '\t')}\n`,
		);
		console.error(`[queue] written to ${path.relative(repositoryRoot, resultsFolder)}/results.md and results.json`);
		if (failures.length) process.exitCode = 1;
	} finally {
		await teardown.run();
	}
}

main().catch((error) => {
	console.error(error.stack ?? error);
	process.exitCode = 1;
});
