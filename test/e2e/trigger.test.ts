// The trigger as n8n runs it in production: a published workflow, activated by `n8n start`,
// polled on its schedule. The partner (the emulator's admin surface) maps an account between
// two polls; the example workflow must then push that account's usage, and only that.
import pushOnMappingExample from '../../examples/push-usage-when-mapped.json';
import { E2eWorld, N8N_1X_VERSION, N8N_VERSION } from './e2eWorld';

jest.setTimeout(300_000);

// The example polls every 5 minutes; a minute is n8n's shortest interval and keeps the test short.
const everyMinute = {
	...pushOnMappingExample,
	nodes: pushOnMappingExample.nodes.map((node) =>
		node.type === 'n8n-nodes-gradient-msp.gradientTrigger'
			? { ...node, parameters: { ...node.parameters, pollTimes: { item: [{ mode: 'everyMinute' }] } } }
			: node,
	),
};
// A scheduled poll comes within a minute (n8n picks a random second) after the activation poll.
const NEXT_POLL_DEADLINE_MS = 150_000;

interface Waiting {
	eventually<T>(what: string, read: () => T | undefined, deadlineMs: number): Promise<T>;
}
const waitingPath = './waiting.mjs';
const { eventually } = jest.requireActual(waitingPath) as Waiting;

/** Publishes (2.x) or activates (1.x, which has no publish:workflow) the workflow, for `n8n start` to run. */
async function publish(world: E2eWorld, version: string, workflowId: string): Promise<void> {
	const command = version.startsWith('1.') ? ['update:workflow', `--id=${workflowId}`, '--active=true'] : ['publish:workflow', `--id=${workflowId}`];
	await world.n8n.n8n(command);
}

describe.each([N8N_VERSION, N8N_1X_VERSION])('Gradient Trigger in a published workflow of a running n8n %s', (version) => {
	const world = new E2eWorld();

	beforeAll(async () => {
		await world.start(`e2e-trigger-${version}`, [everyMinute], version);
		await publish(world, version, everyMinute.id);
		world.clearJournal();
		await world.n8n.start();
	}, 240_000);
	afterAll(async () => await world.stop());

	it('records the state on activation, then pushes the usage of the account mapped since', async () => {
		const accountReads = () => world.journal().filter((entry) => entry.method === 'GET' && entry.path.endsWith('/organization/accounts'));
		await eventually('the activation poll', () => accountReads()[0], 60_000);
		expect(world.journal().filter((entry) => entry.method !== 'GET')).toEqual([]);

		const northwind = world.partner('Northwind MSP');
		world.emulator.emulator.map({ organizationId: northwind.organizationId, accountIds: ['cust-003'] });

		const pushed = await eventually(
			"cust-003's counts",
			() => {
				const counts = world.partner('Northwind MSP').unitCounts.filter((count) => count.accountId === 'cust-003');
				return counts.length === 2 ? counts : undefined;
			},
			NEXT_POLL_DEADLINE_MS,
		);
		expect(pushed).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ serviceId: '6480c0de00000000000000a1', unitCount: 9 }),
				expect.objectContaining({ serviceId: '6480c0de00000000000000a2', unitCount: 31 }),
			]),
		);
		// Accounts already mapped at activation are not news: nothing was pushed for them.
		const countWrites = world.journal().filter((entry) => entry.path.endsWith('/count'));
		expect(new Set(countWrites.map((entry) => (entry.body as { accountId: string }).accountId))).toEqual(new Set(['cust-003']));
		expect(world.partner('Northwind MSP').billingBuilds).toBe(1);
		expect(accountReads().length).toBeGreaterThanOrEqual(2);
	});
});
