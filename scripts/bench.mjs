#!/usr/bin/env node
// npm run bench: how fast unit counts reach Gradient through a real n8n, next to n8n's own HTTP
// Request node, against the embedded emulator at Gradient's documented limit; then what the
// node costs per item when the network costs nothing. A benchmark, not a test: it prints its
// figures, writes them to artifacts/bench/results.md and results.json and says which targets
// were met; it fails only when a run could not be measured.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { changedNight, deduplicationStoreSize, deduplicationWorkflow, measureMemory, rowsWorkflow } from './benchIncremental.mjs';
import { buildPackage, markdownTable, measuredWorkflow } from './measurement.mjs';
import { N8N_VERSION } from './n8nRuntime.mjs';
import { startEmulator } from '../test/emulator/server.mjs';
import { N8nInstance } from '../test/e2e/n8nInstance.mjs';
import { freePort } from '../test/e2e/ports.mjs';
import { startRowsServer } from '../test/e2e/rowsServer.mjs';
import { runError } from '../test/e2e/runData.mjs';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsFolder = path.join(repositoryRoot, 'artifacts', 'bench');

// `npm run bench -- scope` runs one group of runs (throughput, scope, overhead); no argument, all.
const GROUPS = ['throughput', 'scope', 'nightly', 'memory', 'deduplication', 'overhead'];
const requestedGroups = process.argv.slice(2);
for (const group of requestedGroups) {
	if (!GROUPS.includes(group)) throw new Error(`[bench] no group "${group}": ${GROUPS.join(', ')}`);
}
const wanted = (group) => requestedGroups.length === 0 || requestedGroups.includes(group);

// Gradient's answer time, and its documented limit counted per vendor key: Gradient does not
// say what one window counts, and per vendor is the reading that allows the least.
const LATENCY_MS = 30;
const GRADIENT_LIMIT = { requestsPerSecond: 100, scope: 'vendor' };
const COUNTS = 3_000;
const FLEET_PARTNERS = 10;
const OVERHEAD_ITEMS = 10_000;
// The node's ceiling for the overhead runs: high enough never to bind.
const UNBOUND_REQUESTS_PER_SECOND = 1_000_000;
// How a user tunes the HTTP Request node by hand to stay under 100 a second.
const HTTP_BATCHING = { batch: { batchSize: 90, batchInterval: 1_000 } };

const FLOOR_SECONDS = COUNTS / GRADIENT_LIMIT.requestsPerSecond;
// Counted per partner token, each of the ten partners has 100 a second of its own.
const PARTNER_FLOOR_SECONDS = COUNTS / FLEET_PARTNERS / GRADIENT_LIMIT.requestsPerSecond;
const TARGET_REQUESTS_TO_FLOOR = 1.12;
const TARGET_NODE_TIME_TO_FLOOR = 1.25;

const VENDOR_KEY = 'bench-vendor-key';
const SKU_ID = '64f0b0b0b0b0b0b0b0b0b001';
const CREDENTIAL = { id: 'gradientBench001', name: 'Gradient MSP bench', type: 'gradientApi' };
const NODE_UNDER_TEST = 'Node under test';
const PACKAGE_NAME = 'n8n-nodes-gradient-msp';

const ONE_PARTNER = [{ partnerKey: 'bench-partner-solo', counts: COUNTS }];
const TEN_PARTNERS = Array.from({ length: FLEET_PARTNERS }, (_, index) => ({
	partnerKey: `bench-partner-fleet-${index}`,
	counts: COUNTS / FLEET_PARTNERS,
}));
const OVERHEAD_PARTNER = [{ partnerKey: 'bench-partner-overhead', counts: OVERHEAD_ITEMS }];
// The nightly pair: ten partners of 1,000 counts, the second night with one count in 33 changed.
const NIGHTLY_PARTNERS = Array.from({ length: FLEET_PARTNERS }, (_, index) => ({ partnerKey: `bench-partner-nightly-${index}`, counts: 1_000 }));
const CHANGED_EVERY = 33;
const NIGHTLY_TARGET_TIME_RATIO = 0.1;
// The memory measured alone: 100,000 pairs, as 100 partners of 1,000.
const MEMORY_PAIRS = 100_000;
const MEMORY_TARGET_BYTES = 5 * 1024 * 1024;
const MEMORY_TARGET_SECONDS = 1;
const MEMORY_PARTNERS = [NIGHTLY_PARTNERS[0], ...Array.from({ length: 99 }, (_, index) => ({ partnerKey: `bench-memory-partner-${index}`, counts: 1_000 }))];

/**
 * The rows a run sends: one count per account, partner after partner, as a database query would
 * give them. Runs here (to check what landed) and, as source text, in the workflow's Code node,
 * so it uses nothing from this module. Account ids embed the partner key, so they are unique.
 */
function usageRows(partners, serviceId) {
	const rows = [];
	for (const { partnerKey, counts } of partners) {
		for (let index = 0; index < counts; index++) {
			rows.push({ partnerKey, accountId: `${partnerKey}/acc-${index}`, serviceId, unitCount: 1 + (index % 250), noBuild: true });
		}
	}
	// The HTTP Request node sends no_build=true on every count but the last, as Gradient advises.
	rows[rows.length - 1].noBuild = false;
	return rows;
}

/** One vendor with one service; every partner has a mapped account for each of its rows. */
function seed() {
	return {
		vendors: [
			{
				apiKey: VENDOR_KEY,
				name: 'Bench Vendor',
				skus: [{ id: SKU_ID, name: 'Cloud Backup - Seat', description: 'One protected seat', category: 'backup', subcategory: 'cloud backup' }],
				partners: [...ONE_PARTNER, ...TEN_PARTNERS, ...OVERHEAD_PARTNER, ...NIGHTLY_PARTNERS].map((partner) => ({
					apiKey: partner.partnerKey,
					name: partner.partnerKey,
					status: 'active',
					mappedSkuIds: [SKU_ID],
					accounts: usageRows([partner], SKU_ID).map((row, index) => ({ id: row.accountId, name: `Customer ${index}`, mapped: true })),
				})),
			},
		],
	};
}

function gradientSetNode(options) {
	return {
		type: `${PACKAGE_NAME}.gradient`,
		typeVersion: 1,
		parameters: {
			resource: 'usage',
			operation: 'set',
			serviceId: { __rl: true, mode: 'id', value: '={{ $json.serviceId }}' },
			accountId: { __rl: true, mode: 'id', value: '={{ $json.accountId }}' },
			unitCount: '={{ $json.unitCount }}',
			options,
		},
		credentials: { gradientApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
		// A count that fails becomes an item instead of stopping the run, so it shows as lost.
		onError: 'continueRegularOutput',
	};
}

function httpRequestNode(baseUrl, extraOptions) {
	return {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: `={{ '${baseUrl}/api/vendor-api/service/' + $json.serviceId + '/count' }}`,
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'no_build', value: '={{ $json.noBuild }}' }] },
			sendHeaders: true,
			headerParameters: {
				parameters: [{ name: 'GRADIENT-TOKEN', value: `={{ ('${VENDOR_KEY}:' + $json.partnerKey).base64Encode() }}` }],
			},
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ { accountId: $json.accountId, unitCount: $json.unitCount } }}',
			// A 429 becomes an item instead of stopping the run, so what landed can be counted.
			options: { response: { response: { neverError: true } }, ...extraOptions },
		},
	};
}

const noOpNode = () => ({ type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} });

/** Manual Trigger → Code node generating the rows → the node under test. */
function workflow(id, name, partners, nodeUnderTest) {
	const jsCode = `${usageRows.toString()}\nreturn usageRows(${JSON.stringify(partners)}, '${SKU_ID}').map((json) => ({ json }));`;
	const rowsNode = { type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode } };
	return measuredWorkflow({ id, name, rowsNode, nodeName: NODE_UNDER_TEST, nodeUnderTest });
}

function throughputRuns(baseUrl) {
	const run = (key, label, id, partners, node) => ({ key, label, partners, workflow: workflow(id, label, partners, node) });
	return [
		run('gradientOnePartner', '1. this node, Usage → Set, 1 partner', 'benchGradient001', ONE_PARTNER, gradientSetNode({})),
		run('httpDefault', '2. HTTP Request node, default settings', 'benchHttpDflt001', ONE_PARTNER, httpRequestNode(baseUrl, {})),
		run('httpTuned', '3. HTTP Request node, batches of 90 per 1,000 ms', 'benchHttpTune001', ONE_PARTNER, httpRequestNode(baseUrl, { batching: HTTP_BATCHING })),
		run(
			'gradientTenPartners',
			'4. this node, Usage → Set, 10 partners × 300 (per-item partner key)',
			'benchGradient010',
			TEN_PARTNERS,
			gradientSetNode({ partnerApiKey: '={{ $json.partnerKey }}' }),
		),
	];
}

/**
 * The ten-partner run under both readings of Gradient's limit (per vendor key, per partner
 * token), with the node's Rate Limit Scope at each value, and the target for each.
 */
function scopeRuns() {
	const run = (key, label, id, rateLimitScope, limitCountedPer, target) => ({
		key,
		label,
		partners: TEN_PARTNERS,
		rateLimitScope,
		limitCountedPer,
		target,
		emulatorSettings: { rateLimit: { requestsPerSecond: GRADIENT_LIMIT.requestsPerSecond, scope: limitCountedPer } },
		workflow: workflow(id, label, TEN_PARTNERS, gradientSetNode({ partnerApiKey: '={{ $json.partnerKey }}', rateLimitScope })),
	});
	return [
		run('scopePartnerLimitToken', 'a. scope each partner, limit per partner token', 'benchScopeA00001', 'partner', 'token', {
			nodeSeconds: 3 * PARTNER_FLOOR_SECONDS,
			rateLimited: 30,
		}),
		run('scopePartnerLimitVendor', 'b. scope each partner, limit per vendor key', 'benchScopeB00001', 'partner', 'vendor', {
			nodeSeconds: 1.5 * FLOOR_SECONDS,
		}),
		run('scopeVendorLimitVendor', 'c. scope whole run, limit per vendor key', 'benchScopeC00001', 'vendor', 'vendor', {
			nodeSeconds: TARGET_REQUESTS_TO_FLOOR * FLOOR_SECONDS,
			rateLimited: 0,
		}),
		run('scopeVendorLimitToken', 'd. scope whole run, limit per partner token', 'benchScopeD00001', 'vendor', 'token', {
			nodeSeconds: TARGET_REQUESTS_TO_FLOOR * FLOOR_SECONDS,
		}),
	];
}

function scopeTable(runs, results) {
	return markdownTable([
		['run (10 partners × 300 counts, per-item partner key)', 'Rate Limit Scope', "Gradient's 100/s counted per", 'floor (s)', 'node time (s)', 'node time / floor', '429s', 'lost'],
		...runs.map((run) => {
			const result = results[run.key];
			const floor = run.limitCountedPer === 'token' ? PARTNER_FLOOR_SECONDS : FLOOR_SECONDS;
			return [
				run.label,
				run.rateLimitScope,
				run.limitCountedPer === 'token' ? 'partner token' : 'vendor key',
				seconds(floor),
				seconds(result.nodeSeconds),
				ratio(result.nodeSeconds / floor),
				plain(result.rateLimited),
				plain(result.lost),
			];
		}),
	]);
}

function scopeTargets(runs, results) {
	return runs.flatMap((run) => {
		const result = results[run.key];
		const checks = [
			{ what: 'items lost', measured: result.lost, target: 0 },
			{ what: 'node time (s)', measured: result.nodeSeconds, target: run.target.nodeSeconds },
			...(run.target.rateLimited === undefined ? [] : [{ what: '429s', measured: result.rateLimited, target: run.target.rateLimited }]),
		];
		return checks.map((check) => ({ ...check, run: run.label.split('.')[0], met: check.measured <= check.target }));
	});
}

/** The nightly pair and the memory's runs in n8n; their rows come from `rowsUrl`. */
function incrementalRuns(rowsUrl, memoryStaticData) {
	const memoryPartner = [NIGHTLY_PARTNERS[0]];
	const setWithMemory = gradientSetNode({ partnerApiKey: '={{ $json.partnerKey }}', skipUnchanged: true });
	const nightlyRows = usageRows(NIGHTLY_PARTNERS, SKU_ID);
	const nightly = rowsWorkflow({ id: 'benchNightly0001', name: 'nightly pair', rowsUrl, nodeUnderTest: setWithMemory, nodeName: NODE_UNDER_TEST });
	const memoryRun = (key, label, id, staticData) => ({
		key,
		label,
		partners: memoryPartner,
		rows: usageRows(memoryPartner, SKU_ID).slice(0, 1),
		workflow: rowsWorkflow({ id, name: label, rowsUrl, nodeUnderTest: setWithMemory, nodeName: NODE_UNDER_TEST, staticData }),
	});
	return {
		nights: [
			{ key: 'nightFull', label: 'night 1: every count', partners: NIGHTLY_PARTNERS, rows: nightlyRows, workflow: nightly },
			{
				key: 'nightChanged',
				label: `night 2: one count in ${CHANGED_EVERY} changed`,
				partners: NIGHTLY_PARTNERS,
				rows: changedNight(nightlyRows, CHANGED_EVERY),
				keepState: true,
				workflow: nightly,
			},
		],
		memory: [
			memoryRun('memoryFull', `1 count, the node's memory holding ${MEMORY_PAIRS.toLocaleString('en')} pairs`, 'benchMemory00001', memoryStaticData),
			memoryRun('memoryEmpty', '1 count, no memory yet', 'benchMemory00002', undefined),
		],
	};
}

// Rows recorded per execution while the store fills: `n8n execute` cannot print the run data of
// 100,000 items in one run whole, and 10,000 is a night of the nightly pair.
const DEDUPLICATION_ROWS_PER_RUN = 10_000;

/**
 * n8n's deduplication store at the memory's size, through n8n's Remove Duplicates node: one
 * workflow filling it with 100,000 rows, 10,000 per execution, then one new row on top of them;
 * and one new row into an empty store, for what the node costs without the store.
 */
function deduplicationRuns(rowsUrl) {
	const run = (key, label, id, rows) => ({ key, label, rows, workflow: deduplicationWorkflow({ id, name: label, rowsUrl, nodeName: NODE_UNDER_TEST }) });
	const rows = usageRows(MEMORY_PARTNERS, SKU_ID);
	const oneMore = [{ ...rows[0], accountId: 'bench-one-more-account' }];
	const filling = Array.from({ length: rows.length / DEDUPLICATION_ROWS_PER_RUN }, (_, index) => {
		const stored = index * DEDUPLICATION_ROWS_PER_RUN;
		return run(
			`deduplicationFill${index}`,
			`${DEDUPLICATION_ROWS_PER_RUN.toLocaleString('en')} new rows, ${stored.toLocaleString('en')} entries stored`,
			'benchDedupe00001',
			rows.slice(stored, stored + DEDUPLICATION_ROWS_PER_RUN),
		);
	});
	return {
		filling,
		oneOnFull: run('deduplicationOneOnFull', `1 new row, ${MEMORY_PAIRS.toLocaleString('en')} entries stored`, 'benchDedupe00001', oneMore),
		oneOnEmpty: run('deduplicationOneOnEmpty', '1 new row, an empty store', 'benchDedupe00002', oneMore),
	};
}

function deduplicationTable({ filling, oneOnFull, oneOnEmpty }, results, store) {
	const nodeTime = (run, digits) => [`node time, ${run.label}`, `${results[run.key].nodeSeconds.toFixed(digits)} s`];
	const storeAlone = results[oneOnFull.key].nodeSeconds - results[oneOnEmpty.key].nodeSeconds;
	return markdownTable([
		["n8n's deduplication store (Remove Duplicates node, scope node, one entry per row)", 'value'],
		[`what it holds for ${store.entries.toLocaleString('en')} entries`, `${(store.bytes / 2 ** 20).toFixed(2)} MB`],
		nodeTime(filling[0], 2),
		nodeTime(filling[filling.length - 1], 2),
		nodeTime(oneOnFull, 3),
		nodeTime(oneOnEmpty, 3),
		[`one call with ${MEMORY_PAIRS.toLocaleString('en')} entries stored, the store's share (the two before, subtracted)`, `${storeAlone.toFixed(3)} s`],
	]);
}

function nightlyTable(nights, results) {
	return markdownTable([
		[`run (${FLEET_PARTNERS} partners × 1,000 counts, Skip Unchanged)`, 'node time (s)', 'counts sent', 'other requests', '429s', 'lost'],
		...nights.map(({ key, label }) => {
			const result = results[key];
			return [label, seconds(result.nodeSeconds), String(result.countRequests), String(result.requests - result.countRequests), plain(result.rateLimited), plain(result.lost)];
		}),
	]);
}

function nightlyTargets(nights, results) {
	const [full, changed] = nights.map(({ key }) => results[key]);
	const changedRows = nights[1].rows.filter((row, index) => row.unitCount !== nights[0].rows[index].unitCount).length;
	return [
		{ what: 'night 2 counts sent', measured: changed.countRequests, target: changedRows + FLEET_PARTNERS },
		{ what: 'night 2 node time / night 1 node time', measured: changed.nodeSeconds / full.nodeSeconds, target: NIGHTLY_TARGET_TIME_RATIO },
		{ what: 'items lost, both nights', measured: full.lost + changed.lost, target: 0 },
	].map((check) => ({ ...check, run: 'nightly', met: check.measured <= check.target }));
}

function memoryTable(memory, results) {
	const withMemory = results.memoryFull;
	const without = results.memoryEmpty;
	return markdownTable([
		['memory of 100,000 pairs (100 partners × 1,000)', 'value'],
		['the memory (text in the static data)', `${(memory.bytes / 2 ** 20).toFixed(2)} MB`],
		['as n8n stores the static data (JSON)', `${(memory.storedBytes / 2 ** 20).toFixed(2)} MB`],
		['the node saves it (JSON text)', `${memory.saveSeconds.toFixed(3)} s`],
		['the node loads it and recalls every pair', `${memory.loadSeconds.toFixed(3)} s`],
		['in n8n, 1 count with that memory: node time / `n8n execute` in all', `${seconds(withMemory.nodeSeconds)} s / ${seconds(withMemory.executeSeconds)} s`],
		['in n8n, 1 count with no memory yet: node time / `n8n execute` in all', `${seconds(without.nodeSeconds)} s / ${seconds(without.executeSeconds)} s`],
	]);
}

function memoryTargets(memory, results) {
	const n8nShare = results.memoryFull.executeSeconds - results.memoryEmpty.executeSeconds;
	return [
		{ what: 'memory size (MB)', measured: memory.storedBytes / 2 ** 20, target: MEMORY_TARGET_BYTES / 2 ** 20 },
		{ what: 'node: load (s)', measured: memory.loadSeconds, target: MEMORY_TARGET_SECONDS },
		{ what: 'node: save (s)', measured: memory.saveSeconds, target: MEMORY_TARGET_SECONDS },
		{ what: 'n8n: loading and saving it, the run with it minus the run without (s)', measured: n8nShare, target: 2 * MEMORY_TARGET_SECONDS },
	].map((check) => ({ ...check, run: 'memory', met: check.measured <= check.target }));
}

/** n8n's Edit Fields node mapping the same fields, each through n8n's expression engine. */
function editFieldsNode() {
	const fields = { serviceId: 'string', accountId: 'string', unitCount: 'number', partnerKey: 'string' };
	return {
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: Object.entries(fields).map(([name, type]) => ({ id: name, name, value: `={{ $json.${name} }}`, type })),
			},
			options: {},
		},
	};
}

function overheadRuns() {
	const run = (key, label, id, node) => ({ key, label, partners: OVERHEAD_PARTNER, workflow: workflow(id, label, OVERHEAD_PARTNER, node) });
	return [
		run(
			'gradientOverhead',
			'this node, Usage → Set, per-item partner key (4 fields mapped per item)',
			'benchOverhead001',
			gradientSetNode({ partnerApiKey: '={{ $json.partnerKey }}', requestsPerSecond: UNBOUND_REQUESTS_PER_SECOND }),
		),
		run('editFieldsOverhead', 'Edit Fields node, the same 4 fields mapped, no requests', 'benchSetOvrhd001', editFieldsNode()),
		run('noOpOverhead', 'No Operation node', 'benchNoOpOvrhd01', noOpNode()),
	];
}

/** The pid of a running process whose arguments include all of `args`, if any. */
function findProcess(args) {
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let commandLine;
		try {
			commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
		} catch {
			continue; // it exited meanwhile
		}
		if (args.every((arg) => commandLine.includes(arg))) return Number(entry);
	}
	return undefined;
}

/**
 * Follows the n8n process started with `args`: its pid and its peak resident memory (VmHWM).
 * A high-water mark, so polling only has to read it once more after the peak, and n8n's
 * shutdown after printing its result leaves time for that.
 */
function watchProcess(args) {
	const watched = { pid: undefined, peakMemoryBytes: 0 };
	const timer = setInterval(() => {
		watched.pid ??= findProcess(args);
		if (watched.pid === undefined) return;
		try {
			const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${watched.pid}/status`, 'utf8'));
			if (match) watched.peakMemoryBytes = Math.max(watched.peakMemoryBytes, Number(match[1]) * 1024);
		} catch {
			// It exited: the last value read stands.
		}
	}, 20);
	return {
		stop() {
			clearInterval(timer);
			return watched;
		},
	};
}

/** The first arrival and the last answer of the vendor API requests the emulator served. */
function requestWindow() {
	const window = { requests: 0, countRequests: 0, firstArrivalAt: Infinity, lastAnswerAt: -Infinity };
	return {
		record(entry) {
			const arrivedAt = Date.parse(entry.at);
			window.requests++;
			if (entry.path.endsWith('/count')) window.countRequests++;
			window.firstArrivalAt = Math.min(window.firstArrivalAt, arrivedAt);
			window.lastAnswerAt = Math.max(window.lastAnswerAt, arrivedAt + entry.durationMs);
		},
		view: () => ({ ...window }),
	};
}

/** Rows whose count the emulator does not hold with the value sent. */
function lostRows(state, rows) {
	const stored = new Map();
	for (const partner of state.vendors[0].partners) {
		for (const count of partner.unitCounts) stored.set(`${count.accountId}|${count.serviceId}`, count.unitCount);
	}
	return rows.filter((row) => stored.get(`${row.accountId}|${row.serviceId}`) !== row.unitCount).length;
}

/**
 * CPU time a V8 profile spent in this package's code (loading it when n8n starts included, a
 * few tens of ms). Each sample goes to the innermost frame that belongs to a script file:
 * Node's built-ins and native code (JSON, Map, crypto...) count for the code that called them,
 * and what runs inside n8n's functions (parameter resolution, credential lookup, HTTP) counts
 * for n8n, even when this package called them.
 */
function packageCpuSeconds(profile) {
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const parents = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
	const ownerOf = new Map();
	const owner = (id) => {
		if (!ownerOf.has(id)) {
			const { url } = nodes.get(id).callFrame;
			const parent = parents.get(id);
			const isScript = url.startsWith('file://') || url.startsWith('/');
			ownerOf.set(id, isScript ? url.includes(`/${PACKAGE_NAME}/`) : parent !== undefined && owner(parent));
		}
		return ownerOf.get(id);
	};
	let microseconds = 0;
	profile.samples.forEach((id, index) => {
		if (owner(id)) microseconds += profile.timeDeltas[index];
	});
	return microseconds / 1e6;
}

class Bench {
	constructor(emulatorHandle) {
		this.emulatorHandle = emulatorHandle;
		this.window = undefined;
	}

	/** The emulator calls this for every vendor API request it answered. */
	record(entry) {
		this.window?.record(entry);
	}

	/**
	 * Runs one workflow in `instance` on a fresh emulator (start seed, counters at zero, then
	 * `emulatorSettings`) and measures its node under test. With a profile folder, also what the
	 * node's own code cost, from the CPU profile n8n wrote there.
	 */
	async measure(instance, { workflow: definition, partners, rows: givenRows, keepState = false }, emulatorSettings = {}, profileFolder = undefined) {
		const { emulator } = this.emulatorHandle;
		if (!keepState) emulator.reset();
		emulator.configure(emulatorSettings);
		const rows = givenRows ?? usageRows(partners, SKU_ID);
		const startedAt = Date.now();
		this.window = requestWindow();
		const watcher = watchProcess(['execute', `--id=${definition.id}`]);
		let run;
		let n8nProcess;
		try {
			run = await instance.execute(definition.id);
		} finally {
			n8nProcess = watcher.stop();
		}
		const window = this.window.view();
		this.window = undefined;
		const error = runError(run);
		if (error) throw new Error(`${definition.name}: the run stopped: ${error.message}`);

		const [nodeRun] = run.data.resultData.runData[NODE_UNDER_TEST];
		const nodeSeconds = nodeRun.executionTime / 1000;
		const sentAny = window.requests > 0;
		return {
			items: rows.length,
			nodeSeconds,
			executeSeconds: (Date.now() - startedAt) / 1000,
			requests: window.requests,
			countRequests: window.countRequests,
			beforeFirstRequestSeconds: sentAny ? (window.firstArrivalAt - nodeRun.startTime) / 1000 : null,
			requestSeconds: sentAny ? (window.lastAnswerAt - window.firstArrivalAt) / 1000 : null,
			afterLastAnswerSeconds: sentAny ? (nodeRun.startTime + nodeRun.executionTime - window.lastAnswerAt) / 1000 : null,
			rateLimited: emulator.stats().view().rateLimited,
			lost: sentAny ? lostRows(emulator.state(), rows) : null,
			peakMemoryBytes: n8nProcess.peakMemoryBytes,
			packageCpuSeconds: profileFolder ? packageCpuSeconds(readProfile(profileFolder, n8nProcess.pid)) : null,
		};
	}
}

function readProfile(folder, pid) {
	const file = readdirSync(folder).find((name) => name.includes(`.${pid}.`) && name.endsWith('.cpuprofile'));
	if (!file) throw new Error(`no CPU profile of n8n process ${pid} in ${folder}`);
	return JSON.parse(readFileSync(path.join(folder, file), 'utf8'));
}

const fixed = (digits) => (value) => (value === null ? '–' : value.toFixed(digits));
const seconds = fixed(1);
const ratio = fixed(2);
const megabytes = (bytes) => (bytes ? String(Math.round(bytes / 2 ** 20)) : '–');
const plain = (value) => (value === null ? '–' : String(value));

function throughputTable(runs, results) {
	const floor = {
		label: `5. the floor: ${COUNTS.toLocaleString('en')} counts / ${GRADIENT_LIMIT.requestsPerSecond} per s`,
		items: COUNTS,
		nodeSeconds: FLOOR_SECONDS,
		beforeFirstRequestSeconds: null,
		requestSeconds: FLOOR_SECONDS,
		rateLimited: null,
		lost: 0,
		peakMemoryBytes: 0,
	};
	const row = (result) => [
		result.label,
		seconds(result.nodeSeconds),
		seconds(result.beforeFirstRequestSeconds),
		seconds(result.requestSeconds),
		String(Math.round((result.items - result.lost) / result.nodeSeconds)),
		ratio(result.nodeSeconds / FLOOR_SECONDS),
		ratio(result.requestSeconds / FLOOR_SECONDS),
		ratio(result.nodeSeconds / results.httpTuned.nodeSeconds),
		plain(result.rateLimited),
		plain(result.lost),
		megabytes(result.peakMemoryBytes),
	];
	return markdownTable([
		[
			'run (3,000 counts)',
			'node time (s)',
			'of which before the 1st request (s)',
			'1st request to last answer (s)',
			'counts landed / s',
			'node time / floor',
			'requests / floor',
			'node time / tuned HTTP Request',
			'429s',
			'lost',
			'n8n peak RSS (MB)',
		],
		...runs.map((run) => row(results[run.key])),
		row(floor),
	]);
}

function overheadTable(runs, results) {
	const perItemMs = (value) => (value === null ? '–' : ((value * 1000) / OVERHEAD_ITEMS).toFixed(2));
	return markdownTable([
		[
			`run (${OVERHEAD_ITEMS.toLocaleString('en')} items)`,
			'node time (s)',
			'per item (ms)',
			'before the 1st request, per item (ms)',
			'1st request to last answer, per item (ms)',
			"this package's code, CPU per item (ms)",
			'n8n peak RSS (MB)',
		],
		...runs.map((run) => {
			const result = results[run.key];
			return [
				result.label,
				seconds(result.nodeSeconds),
				perItemMs(result.nodeSeconds),
				perItemMs(result.beforeFirstRequestSeconds),
				perItemMs(result.requestSeconds),
				perItemMs(result.packageCpuSeconds),
				megabytes(result.peakMemoryBytes),
			];
		}),
	]);
}

/** The targets for runs 1 and 4, each with what was measured. */
function targets(results) {
	return ['gradientOnePartner', 'gradientTenPartners'].flatMap((key) => {
		const result = results[key];
		const run = result.label.split('.')[0];
		return [
			{ run, what: 'items lost', measured: result.lost, target: 0 },
			{ run, what: '1st request to last answer / floor', measured: result.requestSeconds / FLOOR_SECONDS, target: TARGET_REQUESTS_TO_FLOOR },
			{ run, what: 'node time / floor', measured: result.nodeSeconds / FLOOR_SECONDS, target: TARGET_NODE_TIME_TO_FLOOR },
			{ run, what: 'node time / tuned HTTP Request node', measured: result.nodeSeconds / results.httpTuned.nodeSeconds, target: 1 },
		].map((check) => ({ ...check, met: check.measured <= check.target }));
	});
}

async function main() {
	const startedAt = Date.now();
	// Other work on the machine slows n8n and stalls the emulator: worth knowing when reading the figures.
	const [loadAverageAtStart] = os.loadavg();
	buildPackage();
	const tuning = await import('../dist/nodes/Gradient/tuning.js');
	let bench;
	let rowsServer;
	const emulatorHandle = await startEmulator({
		seed: seed(),
		latencyMs: LATENCY_MS,
		rateLimit: GRADIENT_LIMIT,
		journalLimit: 0,
		onRequest: (entry) => bench.record(entry),
	});
	bench = new Bench(emulatorHandle);
	const profileFolder = mkdtempSync(path.join(os.tmpdir(), 'gradient-bench-profiles-'));
	const ports = { port: await freePort(), brokerPort: await freePort() };
	const instance = new N8nInstance({ name: 'bench', ...ports });
	// The same n8n (user folder, database) under V8's sampling profiler, for the overhead runs.
	const profiledInstance = new N8nInstance({
		name: 'bench',
		...ports,
		environment: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileFolder}` },
	});
	try {
		const throughput = throughputRuns(emulatorHandle.url);
		const scopes = scopeRuns();
		const overhead = overheadRuns();
		rowsServer = await startRowsServer();
		const memory = wanted('memory')
			? await measureMemory({
					vendorApiKey: VENDOR_KEY,
					partnerKeys: MEMORY_PARTNERS.map((partner) => partner.partnerKey),
					pairs: MEMORY_PAIRS,
				})
			: undefined;
		const incremental = incrementalRuns(rowsServer.url, memory && { [`node:${NODE_UNDER_TEST}`]: { usageMemory: memory.text } });
		const deduplication = deduplicationRuns(rowsServer.url);
		instance.prepare();
		await instance.importCredentials([
			{
				...CREDENTIAL,
				data: { vendorApiKey: VENDOR_KEY, partnerApiKey: ONE_PARTNER[0].partnerKey, baseUrl: emulatorHandle.url },
			},
		]);
		await instance.importWorkflows(
			[...throughput, ...scopes, incremental.nights[0], ...incremental.memory, deduplication.oneOnFull, deduplication.oneOnEmpty, ...overhead].map(
				(run) => run.workflow,
			),
		);

		const results = {};
		const measure = async (n8n, run, ...settings) => {
			console.error(`[bench] ${run.label}`);
			results[run.key] = { key: run.key, label: run.label, ...(await bench.measure(n8n, run, ...settings)) };
			const { nodeSeconds, rateLimited, lost } = results[run.key];
			console.error(`[bench]   node time ${nodeSeconds.toFixed(1)} s, 429s ${rateLimited}, lost ${lost}`);
		};
		if (wanted('throughput')) for (const run of throughput) await measure(instance, run);
		if (wanted('scope')) for (const run of scopes) await measure(instance, run, run.emulatorSettings);
		const fromRows = async (run) => {
			rowsServer.setRows(run.rows);
			await measure(instance, run);
		};
		if (wanted('nightly')) for (const run of incremental.nights) await fromRows(run);
		if (wanted('memory')) for (const run of incremental.memory) await fromRows(run);
		let deduplicationStore;
		if (wanted('deduplication')) {
			for (const run of [...deduplication.filling, deduplication.oneOnFull, deduplication.oneOnEmpty]) await fromRows(run);
			deduplicationStore = await deduplicationStoreSize(instance, deduplication.oneOnFull.workflow.id);
		}
		if (wanted('overhead')) for (const run of overhead) await measure(profiledInstance, run, { latencyMs: 0, rateLimit: null }, profileFolder);

		const benchSeconds = (Date.now() - startedAt) / 1000;
		const machine = {
			loadAverageAtStart,
			cores: os.cpus().length,
			cpu: os.cpus()[0]?.model ?? 'unknown',
			memoryGiB: Math.round(os.totalmem() / 2 ** 30),
			node: process.versions.node,
			n8n: N8N_VERSION,
		};
		const verdicts = [
			...(wanted('throughput') ? targets(results) : []),
			...(wanted('scope') ? scopeTargets(scopes, results) : []),
			...(wanted('nightly') ? nightlyTargets(incremental.nights, results) : []),
			...(wanted('memory') ? memoryTargets(memory, results) : []),
		];
		const section = (group, lines) => (wanted(group) ? [...lines(), ''] : []);
		const report = [
			`Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, load average ${loadAverageAtStart.toFixed(2)} at the start; ` +
				`Node ${machine.node}; n8n ${machine.n8n}.`,
			`Emulator: ${LATENCY_MS} ms latency, ${GRADIENT_LIMIT.requestsPerSecond} requests/s per ${GRADIENT_LIMIT.scope} key. ` +
				`The Gradient MSP node at its defaults: Requests Per Second ${tuning.DEFAULT_REQUESTS_PER_SECOND}, Concurrency ${tuning.DEFAULT_CONCURRENCY}.`,
			'',
			...section('throughput', () => [throughputTable(throughput, results)]),
			...section('scope', () => [
				"Rate Limit Scope: the ten-partner run again, the emulator counting Gradient's limit per vendor key or per partner token.",
				'',
				scopeTable(scopes, results),
			]),
			...section('nightly', () => [
				`Skip Unchanged, the nightly pair: ${FLEET_PARTNERS} partners × 1,000 counts (per-item partner key), one workflow run twice with \`n8n execute\`, the second night with one count in ${CHANGED_EVERY} changed.`,
				'',
				nightlyTable(incremental.nights, results),
			]),
			...section('memory', () => ["Skip Unchanged's memory at 100,000 pairs:", '', memoryTable(memory, results)]),
			...section('deduplication', () => [
				"The alternative, measured: n8n's deduplication store at 100,000 entries.",
				'',
				deduplicationTable(deduplication, results, deduplicationStore),
			]),
			'Targets:',
			'',
			...verdicts.map(({ run, what, measured, target, met }) => `- ${met ? 'met' : 'MISSED'}: (${run}) ${what} = ${Number(measured.toFixed(3))}, target ≤ ${Number(target.toFixed(3))}`),
			'',
			...section('overhead', () => [
				`Per-item overhead: emulator without latency or limit, the node's Requests Per Second at ${UNBOUND_REQUESTS_PER_SECOND.toLocaleString('en')}; ` +
					"these runs under V8's sampling profiler, which tells this package's own code from n8n's.",
				'',
				overheadTable(overhead, results),
			]),
			`npm run bench took ${Math.round(benchSeconds)} s.`,
		].join('\n');
		console.log(report);
		mkdirSync(resultsFolder, { recursive: true });
		writeFileSync(path.join(resultsFolder, 'results.md'), `${report}\n`);
		const emulatorSettings = { latencyMs: LATENCY_MS, rateLimit: GRADIENT_LIMIT };
		writeFileSync(
			path.join(resultsFolder, 'results.json'),
			`${JSON.stringify({ machine, emulator: emulatorSettings, floorSeconds: FLOOR_SECONDS, results, targets: verdicts, benchSeconds }, null, '\t')}\n`,
		);
		console.error(`[bench] written to ${path.relative(repositoryRoot, resultsFolder)}/results.md and results.json`);
	} finally {
		rmSync(profileFolder, { recursive: true, force: true });
		await rowsServer?.close();
		await emulatorHandle.close();
	}
}

main().catch((error) => {
	console.error(error.stack ?? error);
	process.exitCode = 1;
});
