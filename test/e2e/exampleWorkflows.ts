// The example workflows and the main job, run by a real n8n with the packed package, against
// the emulator. Assertions look at what Gradient (the emulator) received and holds, not only
// at what n8n printed. Every n8n release the package is tested in runs this same suite.
import alertExample from '../../examples/alert-to-psa-ticket.json';
import checkExample from '../../examples/connection-check.json';
import syncExample from '../../examples/nightly-usage-sync.json';
import onboardingExample from '../../examples/partner-onboarding.json';
import catalogueExample from '../../examples/service-catalogue.json';
import { DEMO_PARTNER_KEYS, DEMO_VENDOR_KEY, E2eWorld } from './e2eWorld';
import type { N8nRun } from './e2eWorld';

const badInputWorkflow = {
	id: 'gradientBadInput',
	name: 'Gradient: bad input',
	active: false,
	settings: { executionOrder: 'v1' },
	connections: {
		Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
		Rows: { main: [[{ node: 'Set counts', type: 'main', index: 0 }]] },
	},
	nodes: [
		{ id: 'f1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'f2',
			name: 'Rows',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 0],
			parameters: { jsCode: "return [{ json: { count: 3 } }, { json: { count: 'lots' } }];" },
		},
		{
			id: 'f3',
			name: 'Set counts',
			type: 'n8n-nodes-gradient-msp.gradient',
			typeVersion: 1,
			position: [400, 0],
			parameters: {
				resource: 'usage',
				operation: 'set',
				serviceId: { __rl: true, mode: 'id', value: '6480c0de00000000000000a1' },
				accountId: { __rl: true, mode: 'id', value: 'cust-001' },
				unitCount: '={{ $json.count }}',
				options: {},
			},
			credentials: { gradientApi: { id: 'gradientExample1', name: 'Gradient MSP account' } },
		},
	],
};

const GRADIENT_NODE_TYPE = 'n8n-nodes-gradient-msp.gradient';
const workflows: Array<{ id: string; nodes: Array<{ name: string; type: string }> }> = [
	catalogueExample,
	onboardingExample,
	syncExample,
	alertExample,
	checkExample,
	badInputWorkflow,
];

function tokenOf(vendorKey: string, partnerKey: string): string {
	return Buffer.from(`${vendorKey}:${partnerKey}`).toString('base64');
}

/** Defines the suite for n8n `version`; its instance folder is named after the release. */
export function describeExampleWorkflows(version: string): void {
	describe(`Example workflows in real n8n ${version}`, () => {
		const world = new E2eWorld();
		const runs: N8nRun[] = [];
		const execute = async (id: string) => {
			const run = await world.n8n.execute(id);
			runs.push(run);
			return run;
		};

		beforeAll(async () => {
			await world.start(`e2e-examples-${version}`, workflows, version);
		}, 240_000);
		afterAll(async () => await world.stop());
		beforeEach(() => world.clearJournal());

		it('publishes the service catalogue: one read, one create, one update read back, nothing twice', async () => {
			const services = world.runData.lastNodeItems(await execute(catalogueExample.id));
			expect(services.map((service) => [service.name, service.action])).toEqual([
				['Cloud Backup - Server', 'unchanged'],
				['Cloud Backup - Workstation', 'updated'],
				['Microsoft 365 Backup', 'unchanged'],
				['Cloud Backup - NAS', 'created'],
			]);
			expect(world.journal().map((entry) => `${entry.method} ${entry.path}`)).toEqual([
				'GET /api/vendor-api',
				'PATCH /api/vendor-api/service/6480c0de00000000000000a2',
				// The update's answer is undocumented: what Gradient holds is read back.
				'GET /api/vendor-api/service/6480c0de00000000000000a2',
				'POST /api/vendor-api/service',
			]);
			expect(world.journal().every((entry) => entry.tokenHeaderPresent && entry.status !== 401)).toBe(true);

			await execute(catalogueExample.id);
			const names = world.state().vendors[0].skus.map((sku) => sku.name);
			expect(new Set(names).size).toBe(names.length);
		});

		it('onboards both partners: keys checked, status pending, accounts created in one request each', async () => {
			await execute(onboardingExample.id);
			expect(world.partner('Northwind MSP').status).toBe('pending');
			expect(world.partner('Fabrikam IT').status).toBe('pending');
			const creates = world.journal().filter((entry) => entry.method === 'POST');
			expect(creates.map((entry) => (entry.body as Array<{ id: string }>).map((account) => account.id))).toEqual([
				['cust-004'],
				['fab-001', 'fab-002', 'fab-003'],
			]);
			expect(world.partner('Fabrikam IT').accounts.map((account) => account.name)).toEqual([
				'Adventure Works',
				'Fourth Coffee',
				'Wide World Importers',
			]);

			world.clearJournal();
			await execute(onboardingExample.id);
			const writes = world.journal().filter((entry) => entry.path.includes('/accounts') && entry.method !== 'GET');
			expect(writes).toEqual([]);
		});

		it('runs the nightly sync for every partner: counts stored, unmapped kept apart, one billing rebuild each', async () => {
			world.emulator.emulator.map({ organizationId: world.partner('Fabrikam IT').organizationId, accountIds: '*' });
			const summary = world.runData.lastNodeItems(await execute(syncExample.id));
			expect(summary).toEqual([
				expect.objectContaining({ partner: 'Northwind MSP', accountsCreated: 1, set: 4, unchanged: 0, zeroed: 0, unmapped: 3, failed: 0 }),
				expect.objectContaining({ partner: 'Fabrikam IT', accountsCreated: 0, set: 4, unchanged: 0, zeroed: 0, unmapped: 0, failed: 0 }),
			]);

			const northwind = world.partner('Northwind MSP');
			expect(northwind.unitCounts).toEqual(
				expect.arrayContaining([
					expect.objectContaining({ accountId: 'cust-001', serviceId: '6480c0de00000000000000a1', unitCount: 4 }),
					expect.objectContaining({ accountId: 'cust-001', serviceId: '6480c0de00000000000000a2', unitCount: 52 }),
					expect.objectContaining({ accountId: 'cust-002', serviceId: '6480c0de00000000000000a2', unitCount: 17 }),
				]),
			);
			expect(northwind.billingBuilds).toBe(1);
			expect(world.partner('Fabrikam IT').billingBuilds).toBe(1);
			expect(world.partner('Fabrikam IT').unitCounts).toEqual(
				expect.arrayContaining([
					expect.objectContaining({ accountId: 'fab-001', serviceId: '6480c0de00000000000000a1', unitCount: 6 }),
					expect.objectContaining({ accountId: 'fab-001', serviceId: '6480c0de00000000000000a3', unitCount: 240 }),
				]),
			);

			const counts = world.journal().filter((entry) => entry.path.endsWith('/count'));
			for (const partner of [northwind, world.partner('Fabrikam IT')]) {
				const landed = counts.filter((entry) => entry.organizationId === partner.organizationId && entry.status === 201);
				// The one count that asks for a rebuild lands after every other count of the partner.
				expect(landed.filter((entry) => entry.query.no_build === undefined)).toEqual([landed[landed.length - 1]]);
			}
			const accountCreates = world.journal().filter((entry) => entry.method === 'POST' && entry.path.endsWith('/accounts'));
			expect(accountCreates.map((entry) => entry.body)).toEqual([[{ id: 'cust-005', name: 'Proseware' }]]);
		});

		it('sends an alert that Gradient queues for the PSA, and reads its status', async () => {
			const [status] = world.runData.lastNodeItems(await execute(alertExample.id));
			expect(status).toEqual(expect.objectContaining({ status: 'pending', messageId: expect.any(String) }));
			const [alert] = world.partner('Northwind MSP').alerts;
			expect(alert).toEqual(
				expect.objectContaining({
					alertId: 'backup-failure-20261124-0042',
					accountId: 'cust-001',
					priority: 3,
					messageId: status.messageId,
				}),
			);
		});

		it('checks the connection read-only', async () => {
			const run = await execute(checkExample.id);
			expect(world.runData.nodeItems(run, 'Partner integration')[0]).toEqual(expect.objectContaining({ name: 'Northwind MSP' }));
			expect(world.runData.nodeItems(run, 'Partner accounts').length).toBeGreaterThan(0);
			expect(world.journal().length).toBeGreaterThan(0);
			expect(world.journal().filter((entry) => entry.method !== 'GET')).toEqual([]);
		});

		it('stops on bad input before sending anything, naming the item and the field', async () => {
			const run = await execute(badInputWorkflow.id);
			expect(world.runData.runError(run)?.message).toBe('[item 1] Unit Count (unitCount) must be a number of 0 or more, got "lots"');
			expect(world.journal()).toEqual([]);
		});

		it('leaves no key and no GRADIENT-TOKEN in any execution data', () => {
			expect(runs.length).toBeGreaterThanOrEqual(8);
			const everything = JSON.stringify(runs);
			const secrets = [DEMO_VENDOR_KEY, ...DEMO_PARTNER_KEYS.map((partnerKey) => tokenOf(DEMO_VENDOR_KEY, partnerKey))];
			for (const secret of secrets) expect(everything).not.toContain(secret);
			// Partner keys are the workflows' own input data (Code nodes); no Gradient node may echo them.
			const gradientNodes = new Set(
				workflows.flatMap((workflow) => workflow.nodes).filter((node) => node.type === GRADIENT_NODE_TYPE).map((node) => node.name),
			);
			let gradientOutputsChecked = 0;
			for (const run of runs) {
				const runData = (run.data as { resultData: { runData: Record<string, Array<{ data?: unknown }>> } }).resultData.runData;
				for (const [nodeName, nodeRuns] of Object.entries(runData)) {
					if (!gradientNodes.has(nodeName)) continue;
					const output = JSON.stringify(nodeRuns.map((nodeRun) => nodeRun.data));
					for (const partnerKey of DEMO_PARTNER_KEYS) expect(output).not.toContain(partnerKey);
					gradientOutputsChecked++;
				}
			}
			expect(gradientOutputsChecked).toBeGreaterThanOrEqual(runs.length);
		});
	});
}
