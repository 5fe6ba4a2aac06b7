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

export const rowsOf = (partnerNumber) => partnerRows(partnerNumber, SHAPE);

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

/**
 * The nightly-sync example as shipped, its schedule and manual triggers swapped for a Webhook
 * (a scheduler, or anything else, asks for one partner's sync) and its stand-in database
 * answering that partner's rows. Its Gradient node and summary stay as they are;
 * `requestsPerSecond` sets the Gradient node's ceiling when given. Answers the workflow's id,
 * its webhook's path, its Gradient node's name and ceiling, and the workflow to import.
 */
export function syncWorkflow({ id, name, webhookPath, requestsPerSecond }) {
	const example = JSON.parse(readFileSync(nightlySyncExample, 'utf8'));
	const linkedTo = new Set(Object.values(example.connections).flatMap((outputs) => outputs.main.flat().map((link) => link.node)));
	const triggers = example.nodes.filter((node) => !linkedTo.has(node.name));
	const rowsNodeName = example.connections[triggers[0].name].main[0][0].node;
	const jsCode = [
		'// The partner whose sync was asked for; its rows stand in for a query of your database.',
		partnerRows.toString(),
		`return partnerRows($input.first().json.body.partner, ${JSON.stringify(SHAPE)}).map((json) => ({ json }));`,
	].join('\n');
	const webhook = {
		id: `${id}-webhook`,
		name: WEBHOOK_NODE_NAME,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: `${id}-webhook`,
		// Answered at once: the sync of a partner takes seconds to minutes, and the caller only asks for it.
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
	};
	const nodes = example.nodes
		.filter((node) => !triggers.includes(node))
		.map((node) => {
			if (node.name === rowsNodeName) return { ...node, parameters: { ...node.parameters, jsCode } };
			if (node.type === GRADIENT_NODE_TYPE) {
				const options = { ...node.parameters.options, ...(requestsPerSecond === undefined ? {} : { requestsPerSecond }) };
				return { ...node, parameters: { ...node.parameters, options } };
			}
			return node;
		});
	const connections = Object.fromEntries(
		Object.entries(example.connections).filter(([source]) => !triggers.some((trigger) => trigger.name === source)),
	);
	connections[WEBHOOK_NODE_NAME] = { main: [[{ node: rowsNodeName, type: 'main', index: 0 }]] };
	const gradientNodeName = nodes.find((node) => node.type === GRADIENT_NODE_TYPE).name;
	return { id, webhookPath, gradientNodeName, requestsPerSecond, definition: { ...example, id, name, active: false, nodes: [webhook, ...nodes], connections } };
}

const ACCOUNTS_PATH = '/api/vendor-api/organization/accounts';
const countRoute = /^\/api\/vendor-api\/service\/([^/]+)\/count$/;

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
		const stored = new Map(partner.unitCounts.map((count) => [`${count.accountId}|${count.serviceId}`, count.unitCount]));
		const answeredUnmapped = new Set(
			own
				.filter((request) => request.status === 404 && countRoute.test(request.path))
				.map((request) => `${request.body?.accountId}|${countRoute.exec(request.path)[1]}`),
		);
		let wrong = 0;
		for (const row of rows) {
			const key = `${row.customerId}|${skuIdByName.get(row.service)}`;
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
