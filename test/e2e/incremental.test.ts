// Skip Unchanged and Zero Missing in a real n8n: one workflow run night after night with
// `n8n execute` (not the editor's test run), its rows read over HTTP as from the vendor's own
// system. The memory n8n saves between runs must make the second night send only the changes,
// hold no key or token, and survive an n8n process killed in the middle of a run.
/// <reference types="node" />
import type { IDataObject } from 'n8n-workflow';

import syncExample from '../../examples/nightly-usage-sync.json';

import { DEMO_PARTNER_KEYS, DEMO_VENDOR_KEY, E2eWorld } from './e2eWorld';

jest.setTimeout(300_000);

interface Waiting {
	eventually<T>(what: string, read: () => T | undefined, deadlineMs: number, pollMs?: number): Promise<T>;
}
const waitingPath = './waiting.mjs';
const { eventually } = jest.requireActual(waitingPath) as Waiting;

interface RowsServer {
	url: string;
	setRows(rows: IDataObject[]): void;
	close(): Promise<void>;
}

const SERVER = 'Cloud Backup - Server';
const WORKSTATION = 'Cloud Backup - Workstation';
// Rows as the nightly-sync example's database node gives them, but for the partner key: the
// credential's serves, so that no key is anywhere in n8n's database unless the node put it there.
const row = (customerId: string, service: string, seats: number) => ({
	partnerName: 'Northwind MSP',
	customerId,
	customerName: `Customer ${customerId}`,
	service,
	seats,
});

const ROWS_NODE = 'Usage from your database';
const GRADIENT_NODE = 'Sync usage to Gradient';
const SUMMARY_NODE = 'Summary per partner';

/**
 * The nightly-sync example with both options on, started by hand (as `n8n execute` does) and its
 * database node swapped for a read of the rows over HTTP; its Gradient node and summary as
 * shipped, but for the partner key, the credential's.
 */
function nightlyWorkflow(rowsUrl: string) {
	const shipped = (name: string) => syncExample.nodes.find((node) => node.name === name) as (typeof syncExample.nodes)[number];
	const gradient = shipped(GRADIENT_NODE);
	const nodes = [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		{ name: ROWS_NODE, type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: rowsUrl, options: {} } },
		{ ...gradient, parameters: { ...gradient.parameters, options: { skipUnchanged: true, zeroMissing: true } } },
		shipped(SUMMARY_NODE),
	].map((node, position) => ({ ...node, id: `incremental-${position}`, position: [position * 240, 0] }));
	const to = (target: string) => ({ main: [[{ node: target, type: 'main', index: 0 }]] });
	return {
		id: 'gradientNightly01',
		name: 'Gradient: nightly sync with memory',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes,
		connections: { Start: to(ROWS_NODE), [ROWS_NODE]: to(GRADIENT_NODE), [GRADIENT_NODE]: to(SUMMARY_NODE) },
	};
}

describe('Incremental usage sync in real n8n', () => {
	const world = new E2eWorld();
	let rows: RowsServer;
	let workflowId: string;

	beforeAll(async () => {
		const { startRowsServer } = await import('./rowsServer.mjs' as string);
		rows = await startRowsServer();
		const workflow = nightlyWorkflow(rows.url);
		workflowId = workflow.id;
		await world.start('e2e-incremental', [workflow]);
	}, 240_000);
	afterAll(async () => {
		await rows?.close();
		await world.stop();
	});

	const countsSent = () =>
		world
			.journal()
			.filter((entry) => entry.path.endsWith('/count'))
			.map((entry) => `${(entry.body as IDataObject).accountId} ${String((entry.body as IDataObject).unitCount)}`)
			.sort();

	const held = () =>
		Object.fromEntries(world.partner('Northwind MSP').unitCounts.map((count) => [`${count.accountId} ${count.serviceId.slice(-2)}`, count.unitCount]));

	async function night(nightRows: IDataObject[]) {
		rows.setRows(nightRows);
		world.clearJournal();
		const run = await world.n8n.execute(workflowId);
		expect(world.runData.runError(run)).toBeUndefined();
		return Object.assign(world.runData.nodeItems(run, GRADIENT_NODE), { summary: world.runData.nodeItems(run, SUMMARY_NODE) });
	}

	const firstNight = [row('cust-001', SERVER, 5), row('cust-001', WORKSTATION, 3), row('cust-002', SERVER, 7), row('cust-002', WORKSTATION, 1)];
	const secondNight = [row('cust-001', SERVER, 5), row('cust-001', WORKSTATION, 4), row('cust-002', SERVER, 7)];

	it('the second night sends only the change, the 0 of the pair that left, and the last item', async () => {
		const first = await night(firstNight);
		expect(first.map((json) => json.result)).toEqual(['set', 'set', 'set', 'set']);
		const second = await night(secondNight);
		expect(second.map((json) => json.result)).toEqual(['unchanged', 'set', 'set', 'zeroed']);
		// The example's summary counts the zeroed pair for the partner it is paired with.
		expect(second.summary).toEqual([expect.objectContaining({ partner: 'Northwind MSP', unchanged: 1, set: 2, zeroed: 1, unmapped: 0, failed: 0 })]);
		expect(countsSent()).toEqual(['cust-001 4', 'cust-002 0', 'cust-002 7']);
		expect(held()).toEqual({ 'cust-001 a1': 5, 'cust-001 a2': 4, 'cust-002 a1': 7, 'cust-002 a2': 0 });
	});

	it("keeps the memory in n8n's database, with no key and no token anywhere in it", async () => {
		const exported = JSON.parse(await world.n8n.n8n(['export:workflow', `--id=${workflowId}`])) as Array<{ staticData: IDataObject }>;
		expect(JSON.stringify(exported[0].staticData)).toContain('usageMemory');
		const database = world.n8n.databaseBytes();
		const token = Buffer.from(`${DEMO_VENDOR_KEY}:${DEMO_PARTNER_KEYS[0]}`).toString('base64');
		for (const secret of [DEMO_VENDOR_KEY, DEMO_PARTNER_KEYS[0], token]) expect(database.includes(secret)).toBe(false);
	});

	it('after an n8n process killed in the middle of a night, the next night sets every count right', async () => {
		// Slow answers keep the run in the middle when the first count has landed.
		world.emulator.emulator.configure({ latencyMs: 1_500 });
		rows.setRows([row('cust-001', SERVER, 50), row('cust-001', WORKSTATION, 40), row('cust-002', SERVER, 70)]);
		world.clearJournal();
		const dying = world.n8n.executeInBackground(workflowId);
		const landed = () => world.journal().find((entry) => entry.path.endsWith('/count') && entry.status === 201);
		await eventually('a count of the dying run landing', landed, 120_000, 50);
		dying.kill();
		expect((await dying.ended).signal).toBe('SIGKILL');
		world.emulator.emulator.configure({ latencyMs: 0 });
		expect(Object.values(held()).some((count) => [50, 40, 70].includes(count))).toBe(true);

		// The memory n8n kept is the second night's; the rows are the second night's again.
		const after = await night(secondNight);
		expect(after.map((json) => json.result)).not.toContain('unchanged');
		expect(held()).toEqual({ 'cust-001 a1': 5, 'cust-001 a2': 4, 'cust-002 a1': 7, 'cust-002 a2': 0 });
	});
});
