// What the queue test runs and checks: a vendor with ten partners, each with 30 customer
// accounts × 10 services = 300 unit counts a night; the nightly-sync example, started through a
// production webhook once per partner; and the checks of what Gradient (the emulator) holds.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const nightlySyncExample = path.join(repositoryRoot, 'examples', 'nightly-usage-sync.json');

export const PARTNER_COUNT = 10;
const SHAPE = { accounts: 30, services: 10 };
// The last accounts of each partner are new to Gradient: the sync creates them, and their counts
// are answered "unmapped" until the MSP maps them, as on a partner's first nights.
const NEW_ACCOUNTS_PER_PARTNER = 2;
export const COUNTS_PER_PARTNER = SHAPE.accounts * SHAPE.services;

export const VENDOR_KEY = 'queue-vendor-key';
export const CREDENTIAL = { id: 'gradientExample1', name: 'Gradient MSP account', type: 'gradientApi' };
const GRADIENT_NODE_TYPE = 'n8n-nodes-gradient-msp.gradient';
const WEBHOOK_NODE_NAME = 'Partner sync requested';
const SUB_WORKFLOW_TRIGGER_NAME = 'When called by the sync request';
const CALL_NODE_NAME = 'Sync in the sub-workflow';

export const PARTNER_NUMBERS = Array.from({ length: PARTNER_COUNT }, (_, index) => index + 1);

/**
 * One partner's rows, as the example's "database" gives them: the partner's Gradient key comes
 * from the vendor's own records. Runs here (to know what was sent) and, as source text, in the
 * workflow's Code node, so it uses nothing from this module.
 */
function partnerRows(partnerNumber, { accounts, services }) {
	const partner = String(partnerNumber).padStart(2, '0');
	const rows = [];
	for (let account = 1; account <= accounts; account++) {
		for (let service = 1; service <= services; service++) {
			rows.push({
				partnerApiKey: `queue-partner-key-${partner}`,
				partnerName: `MSP ${partner}`,
				customerId: `msp-${partner}-customer-${account}`,
				customerName: `Customer ${account} of MSP ${partner}`,
				service: `Cloud Backup - Tier ${service}`,
				seats: 1 + ((partnerNumber * 97 + account * 31 + service * 17) % 500),
			});
		}
	}
	return rows;
}

/**
 * One partner's rows on a night of the Skip Unchanged run. Night 1 gives `partnerRows`; on
 * night 2 every 7th row has one seat more, and the customer account numbered like the partner
 * (a mapped one) has left: none of its rows. Runs here and, as source text, in the Code node.
 */
function nightRows(partnerNumber, shape, night) {
	const rows = partnerRows(partnerNumber, shape);
	if (night === 1) return rows;
	const leftCustomerId = rows[(partnerNumber - 1) * shape.services].customerId;
	return rows.map((row, index) => (index % 7 === 6 ? { ...row, seats: row.seats + 1 } : row)).filter((row) => row.customerId !== leftCustomerId);
}

/** One partner's rows on `night`: 1, as every step sends them, or 2, the Skip Unchanged steps' second night. */
export const rowsOf = (partnerNumber, night = 1) => nightRows(partnerNumber, SHAPE, night);

const isNewAccount = (accountNumber) => accountNumber > SHAPE.accounts - NEW_ACCOUNTS_PER_PARTNER;
const accountNumberOf = (customerId) => Number(customerId.split('-').pop());

/** The vendor's ten services, every partner with all of them mapped and its known accounts mapped. */
export function seed() {
	const services = rowsOf(1).slice(0, SHAPE.services).map((row) => row.service);
	return {
		vendors: [
			{
				apiKey: VENDOR_KEY,
				name: 'Queue Test Vendor',
				skus: services.map((name) => ({ name, description: 'One protected seat', category: 'backup', subcategory: 'cloud backup' })),
				partners: PARTNER_NUMBERS.map((partnerNumber) => {
					const rows = rowsOf(partnerNumber);
					const accounts = new Map(rows.map((row) => [row.customerId, row.customerName]));
					return {
						apiKey: rows[0].partnerApiKey,
						name: rows[0].partnerName,
						status: 'active',
						mappedSkuIds: '*',
						accounts: [...accounts]
							.filter(([id]) => !isNewAccount(accountNumberOf(id)))
							.map(([id, name]) => ({ id, name, mapped: true })),
					};
				}),
			},
		],
	};
}

/** The Webhook that asks for a sync; answered at once: the sync of a partner takes seconds to minutes, and the caller only asks for it. */
function webhookNode(id, webhookPath) {
	return {
		id: `${id}-webhook`,
		name: WEBHOOK_NODE_NAME,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: `${id}-webhook`,
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
	};
}

/**
 * The nightly-sync example as shipped, its schedule and manual triggers swapped for `trigger`,
 * whose item holds the request in its `body` (a scheduler, or anything else, asks for one
 * partner's sync, `{ partner }`, or several partners' in one execution, `{ partners }`,
 * optionally with a `night`), and its stand-in database answering those partners' rows. Its
 * Gradient node and summary stay as they are; `requestsPerSecond` sets
 * the Gradient node's ceiling when given, and `gradientOptions` are added to its options.
 */
function exampleStartedBy(trigger, { id, name, requestsPerSecond, gradientOptions = {} }) {
	const example = JSON.parse(readFileSync(nightlySyncExample, 'utf8'));
	const linkedTo = new Set(Object.values(example.connections).flatMap((outputs) => outputs.main.flat().map((link) => link.node)));
	const triggers = example.nodes.filter((node) => !linkedTo.has(node.name));
	const rowsNodeName = example.connections[triggers[0].name].main[0][0].node;
	const jsCode = [
		'// The partners whose sync was asked for; their rows stand in for a query of your database.',
		partnerRows.toString(),
		nightRows.toString(),
		'const { partner, partners = [partner], night = 1 } = $input.first().json.body;',
		`return partners.flatMap((partnerNumber) => nightRows(partnerNumber, ${JSON.stringify(SHAPE)}, night)).map((json) => ({ json }));`,
	].join('\n');
	const gradientNodeName = example.nodes.find((node) => node.type === GRADIENT_NODE_TYPE).name;
	const left = (nodeName) => triggers.some((exampleTrigger) => exampleTrigger.name === nodeName);
	const nodes = example.nodes
		.filter((node) => !left(node.name))
		.map((node) => {
			if (node.name === rowsNodeName) return { ...node, parameters: { ...node.parameters, jsCode } };
			if (node.type === GRADIENT_NODE_TYPE) {
				const options = { ...node.parameters.options, ...(requestsPerSecond === undefined ? {} : { requestsPerSecond }), ...gradientOptions };
				return { ...node, parameters: { ...node.parameters, options } };
			}
			return node;
		});
	const connections = Object.fromEntries(
		Object.entries(example.connections).filter(([source]) => !left(source)),
	);
	connections[trigger.name] = { main: [[{ node: rowsNodeName, type: 'main', index: 0 }]] };
	return { gradientNodeName, definition: { ...example, id, name, active: false, nodes: [trigger, ...nodes], connections } };
}

/**
 * The example started through a production webhook. Answers the workflow's id, its webhook's
 * path, its Gradient node's name and ceiling, and the workflow to import.
 */
export function syncWorkflow({ id, name, webhookPath, requestsPerSecond, gradientOptions }) {
	const { gradientNodeName, definition } = exampleStartedBy(webhookNode(id, webhookPath), { id, name, requestsPerSecond, gradientOptions });
	return { id, webhookPath, gradientNodeName, requestsPerSecond, definition };
}

/**
 * The example as a sub-workflow: started by another workflow's Execute Workflow node, which
 * hands it the items it was given (there, the webhook's request with its body). Answers the
 * workflow's id, its Gradient node's name and the workflow to import.
 */
export function syncSubWorkflow({ id, name, gradientOptions }) {
	const trigger = {
		id: `${id}-trigger`,
		name: SUB_WORKFLOW_TRIGGER_NAME,
		type: 'n8n-nodes-base.executeWorkflowTrigger',
		typeVersion: 1.2,
		position: [0, 0],
		parameters: { inputSource: 'passthrough' },
	};
	const { gradientNodeName, definition } = exampleStartedBy(trigger, { id, name, gradientOptions });
	return { id, gradientNodeName, definition };
}

/**
 * A webhook that hands its request to `subWorkflow`, loaded from the database by its id, and
 * waits for it to finish. Answers what syncWorkflow answers, the Gradient node being the
 * sub-workflow's, and the sub-workflow.
 */
export function callingWorkflow({ id, name, webhookPath, subWorkflow }) {
	const callNode = {
		id: `${id}-call`,
		name: CALL_NODE_NAME,
		type: 'n8n-nodes-base.executeWorkflow',
		typeVersion: 1.2,
		position: [220, 0],
		parameters: {
			source: 'database',
			workflowId: { __rl: true, mode: 'id', value: subWorkflow.id },
			mode: 'once',
			options: { waitForSubWorkflow: true },
		},
	};
	const definition = {
		id,
		name,
		active: false,
		nodes: [webhookNode(id, webhookPath), callNode],
		connections: { [WEBHOOK_NODE_NAME]: { main: [[{ node: CALL_NODE_NAME, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
	return { id, webhookPath, gradientNodeName: subWorkflow.gradientNodeName, subWorkflow, definition };
}

const ACCOUNTS_PATH = '/api/vendor-api/organization/accounts';
const countRoute = /^\/api\/vendor-api\/service\/([^/]+)\/count$/;

const keyOfCount = (accountId, serviceId) => `${accountId}|${serviceId}`;

/** The count requests Gradient answered (a 429 is not an answer: the node sends it again). */
export const countsSent = (requests) => requests.filter((request) => request.status !== 429 && countRoute.test(request.path));

/**
 * What went wrong for the ten partners, judged from the emulator's state and the vendor API
 * requests it answered during the run; and the figures worth reporting.
 */
export function checkGradientSide(state, requests) {
	const [vendor] = state.vendors;
	const skuIdByName = new Map(vendor.skus.map((sku) => [sku.name, sku.id]));
	const problems = [];
	const figures = { countsStored: 0, countsUnmapped: 0, accountsCreated: 0, billingBuilds: 0 };
	for (const partnerNumber of PARTNER_NUMBERS) {
		const rows = rowsOf(partnerNumber);
		const partner = vendor.partners.find((candidate) => candidate.name === rows[0].partnerName);
		const own = requests.filter((request) => request.organizationId === partner.organizationId);
		const stored = new Map(partner.unitCounts.map((count) => [keyOfCount(count.accountId, count.serviceId), count.unitCount]));
		const answeredUnmapped = new Set(
			own
				.filter((request) => request.status === 404 && countRoute.test(request.path))
				.map((request) => keyOfCount(request.body?.accountId, countRoute.exec(request.path)[1])),
		);
		let wrong = 0;
		for (const row of rows) {
			const key = keyOfCount(row.customerId, skuIdByName.get(row.service));
			if (isNewAccount(accountNumberOf(row.customerId))) {
				if (!stored.has(key) && answeredUnmapped.has(key)) figures.countsUnmapped++;
				else wrong++;
			} else if (stored.get(key) === row.seats) figures.countsStored++;
			else wrong++;
		}
		if (wrong) problems.push(`${partner.name}: ${wrong} of ${rows.length} counts not as sent (lost, wrong or not answered "unmapped")`);

		const expectedAccounts = [...new Set(rows.map((row) => row.customerId))].sort();
		const accountIds = partner.accounts.map((account) => account.id).sort();
		if (JSON.stringify(accountIds) !== JSON.stringify(expectedAccounts)) {
			problems.push(`${partner.name}: holds accounts ${accountIds.length} (${new Set(accountIds).size} distinct), expected the ${expectedAccounts.length} of its rows`);
		}
		const created = own
			.filter((request) => request.method === 'POST' && request.path === ACCOUNTS_PATH && request.status === 201)
			.flatMap((request) => request.body.map((account) => account.id));
		const createdNew = expectedAccounts.filter((id) => isNewAccount(accountNumberOf(id)));
		if (JSON.stringify([...created].sort()) !== JSON.stringify(createdNew)) {
			problems.push(`${partner.name}: accounts created ${JSON.stringify(created)}, expected each of ${JSON.stringify(createdNew)} once`);
		}
		figures.accountsCreated += created.length;
		if (partner.billingBuilds !== 1) problems.push(`${partner.name}: billing rebuilt ${partner.billingBuilds} times, expected once`);
		figures.billingBuilds += partner.billingBuilds;
	}
	figures.rateLimited = requests.filter((request) => request.status === 429).length;
	figures.requests = requests.length;
	figures.lost = PARTNER_COUNT * COUNTS_PER_PARTNER - figures.countsStored - figures.countsUnmapped;
	return { problems, figures };
}

/** Each partner's counts Gradient holds, by account and service, all partners together. */
function heldCounts(state) {
	return new Map(state.vendors[0].partners.flatMap((partner) => partner.unitCounts.map((count) => [keyOfCount(count.accountId, count.serviceId), count.unitCount])));
}

/**
 * What went wrong on night 2 of the Skip Unchanged and Zero Missing run, one execution serving
 * every partner: judged from the emulator's state after each night and night 2's requests. With
 * `memoryCarried` (night 2 starts from the memory night 1 saved), per partner night 2 must send
 * exactly the rows changed since night 1, the rows of the accounts Gradient has not mapped
 * (answered "unmapped" on night 1, so not remembered), a 0 for each pair night 1 set that the
 * rows leave out, and the last row (always sent, for the billing rebuild). Without, every row
 * and no 0. When the last count is answered "unmapped", the last count set is sent once more to
 * rebuild billing. Answers the problems, the figures, the Gradient node's results it should
 * output and the memory it should save.
 */
export function checkNightTwo(stateAfterNightOne, state, requests, { memoryCarried }) {
	const [vendor] = state.vendors;
	const skuIdByName = new Map(vendor.skus.map((sku) => [sku.name, sku.id]));
	const keyOfRow = (row) => keyOfCount(row.customerId, skuIdByName.get(row.service));
	const heldAfterNightOne = heldCounts(stateAfterNightOne);
	const held = heldCounts(state);
	const problems = [];
	const figures = { countsExpected: 0, billingBuilds: 0 };
	const expectedResults = { set: 0, unchanged: 0, unmapped: 0, zeroed: 0 };
	const expectedMemory = new Map();
	for (const partnerNumber of PARTNER_NUMBERS) {
		const nightOne = rowsOf(partnerNumber);
		const nightTwo = rowsOf(partnerNumber, 2);
		const partner = vendor.partners.find((candidate) => candidate.name === nightOne[0].partnerName);
		const partnerBefore = stateAfterNightOne.vendors[0].partners.find((candidate) => candidate.name === partner.name);
		const own = requests.filter((request) => request.organizationId === partner.organizationId);
		const partnerCountsSent = countsSent(own);

		const seatsOnNightOne = new Map(nightOne.map((row) => [keyOfRow(row), row.seats]));
		const expected = new Map();
		nightTwo.forEach((row, position) => {
			const isNew = isNewAccount(accountNumberOf(row.customerId));
			const sent = !memoryCarried || isNew || row.seats !== seatsOnNightOne.get(keyOfRow(row)) || position === nightTwo.length - 1;
			if (isNew) expectedResults.unmapped++;
			else if (sent) expectedResults.set++;
			else expectedResults.unchanged++;
			if (sent) expected.set(keyOfRow(row), row.seats);
			if (!isNew) expectedMemory.set(keyOfRow(row), row.seats);
		});
		const kept = new Set(nightTwo.map(keyOfRow));
		const leftOut = nightOne.map(keyOfRow).filter((key) => !kept.has(key) && heldAfterNightOne.has(key));
		const zeroed = memoryCarried ? leftOut : [];
		for (const key of zeroed) {
			expected.set(key, 0);
			expectedMemory.set(key, 0);
		}
		expectedResults.zeroed += zeroed.length;
		const lastIsNew = isNewAccount(accountNumberOf(nightTwo[nightTwo.length - 1].customerId));
		const requestsExpected = expected.size + (lastIsNew ? 1 : 0);

		const sent = new Map();
		for (const request of partnerCountsSent) {
			const key = keyOfCount(request.body?.accountId, countRoute.exec(request.path)[1]);
			sent.set(key, [...(sent.get(key) ?? []), request.body?.unitCount]);
		}
		const notExpected = [...sent.keys()].filter((key) => !expected.has(key));
		const notSent = [...expected.keys()].filter((key) => !sent.has(key));
		const otherCount = [...sent].filter(([key, counts]) => expected.has(key) && counts.some((count) => count !== expected.get(key)));
		if (notExpected.length || notSent.length || otherCount.length || partnerCountsSent.length !== requestsExpected) {
			problems.push(
				`${partner.name}: night 2 sent ${partnerCountsSent.length} count requests, expected ${requestsExpected}; ` +
					`${notExpected.length} pairs not expected (${notExpected.slice(0, 3).join(', ')}), ${notSent.length} expected not sent (${notSent.slice(0, 3).join(', ')}), ` +
					`${otherCount.length} with another count`,
			);
		}
		figures.countsExpected += requestsExpected;

		let wrong = 0;
		for (const row of nightTwo) {
			const key = keyOfRow(row);
			if (isNewAccount(accountNumberOf(row.customerId)) ? held.has(key) : held.get(key) !== row.seats) wrong++;
		}
		wrong += leftOut.filter((key) => held.get(key) !== (memoryCarried ? 0 : heldAfterNightOne.get(key))).length;
		if (wrong) {
			problems.push(`${partner.name}: after night 2, ${wrong} counts in Gradient are not the night's rows (or, for the account left out, ${memoryCarried ? '0' : "night 1's"})`);
		}
		const created = own.filter((request) => request.method === 'POST' && request.path === ACCOUNTS_PATH && request.status === 201);
		if (created.length || partner.accounts.length !== partnerBefore.accounts.length) {
			problems.push(`${partner.name}: night 2 created accounts (${created.length} requests; ${partnerBefore.accounts.length} accounts before, ${partner.accounts.length} after)`);
		}
		const builds = partner.billingBuilds - partnerBefore.billingBuilds;
		if (builds !== 1) problems.push(`${partner.name}: billing rebuilt ${builds} times on night 2, expected once`);
		figures.billingBuilds += builds;
	}
	return { problems, figures, expectedResults, expectedMemory };
}

/**
 * What is wrong with the node's memory as n8n stored it (the workflow's static data, as text):
 * it must hold `usageMemory`, no key, every partner, and the `expected` counts by account and
 * service.
 */
export function checkMemory(staticDataText, expected) {
	if (typeof staticDataText !== 'string') return { problems: ['the workflow has no static data in the database'], figures: null };
	const problems = [];
	const keys = [VENDOR_KEY, ...PARTNER_NUMBERS.map((partnerNumber) => rowsOf(partnerNumber)[0].partnerApiKey)];
	const keysFound = keys.filter((key) => staticDataText.includes(key));
	if (keysFound.length) problems.push(`the stored memory holds keys: ${keysFound.join(', ')}`);
	const memoryText = Object.values(JSON.parse(staticDataText)).find((nodeData) => typeof nodeData?.usageMemory === 'string')?.usageMemory;
	if (memoryText === undefined) return { problems: [...problems, 'the static data holds no usageMemory'], figures: null };
	const partners = Object.values(JSON.parse(memoryText).partners);
	const remembered = new Map(
		partners.flatMap(({ pairs }) =>
			Object.entries(pairs).flatMap(([serviceId, accounts]) => Object.entries(accounts).map(([accountId, [unitCount]]) => [keyOfCount(accountId, serviceId), unitCount])),
		),
	);
	const differing = [...new Set([...expected.keys(), ...remembered.keys()])].filter((key) => expected.get(key) !== remembered.get(key));
	if (partners.length !== PARTNER_COUNT) problems.push(`the memory holds ${partners.length} partners, expected ${PARTNER_COUNT}`);
	if (differing.length) problems.push(`the memory holds ${remembered.size} pairs, ${differing.length} of them other than expected (${differing.slice(0, 3).join(', ')})`);
	return { problems, figures: { bytes: Buffer.byteLength(staticDataText), partners: partners.length, pairs: remembered.size } };
}
