// The node as an AI agent's tool (`gradientTool`, n8n's variant of a `usableAsTool` node), run
// by n8n's Tool Executor: the node n8n itself puts in front of a tool when a user tests it
// without an agent. It passes the tool the arguments an agent would, so no model is needed.
import { DEMO_PARTNER_KEYS, DEMO_VENDOR_KEY, E2eWorld, N8N_1X_VERSION, N8N_VERSION } from './e2eWorld';
import type { N8nRun } from './e2eWorld';

jest.setTimeout(180_000);

const CREDENTIALS = { gradientApi: { id: 'gradientExample1', name: 'Gradient MSP account' } };

/**
 * The Tool Executor of n8n 2.x takes each tool's arguments under the tool's name (spaces as
 * underscores); that of 1.x passes its whole query to the tool.
 */
function executorQuery(version: string, toolName: string, agentArguments: object): object {
	return version.startsWith('1.') ? agentArguments : { [toolName.replace(/ /g, '_')]: agentArguments };
}

function toolWorkflow(version: string, id: string, tool: { name: string; parameters: object }, agentArguments: object) {
	return {
		id,
		name: `Gradient tool: ${tool.name}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: `${id}-1`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: `${id}-2`,
				name: 'Tool Executor',
				type: '@n8n/n8n-nodes-langchain.toolExecutor',
				typeVersion: 1,
				position: [240, 0],
				parameters: { query: executorQuery(version, tool.name, agentArguments) },
			},
			{
				id: `${id}-3`,
				name: tool.name,
				type: 'n8n-nodes-gradient-msp.gradientTool',
				typeVersion: 1,
				position: [240, 200],
				parameters: tool.parameters,
				credentials: CREDENTIALS,
			},
		],
		connections: {
			Start: { main: [[{ node: 'Tool Executor', type: 'main', index: 0 }]] },
			[tool.name]: { ai_tool: [[{ node: 'Tool Executor', type: 'ai_tool', index: 0 }]] },
		},
	};
}

/** The three tool workflows, for the Tool Executor of the given n8n release. */
function toolWorkflows(version: string) {
	const listMappedAccounts = toolWorkflow(
		version,
		'gradientToolList',
		{
			name: 'List mapped accounts',
			parameters: { resource: 'account', operation: 'getMany', returnAll: true, filters: { mappedOnly: true }, options: {} },
		},
		{},
	);
	const raiseTicket = toolWorkflow(
		version,
		'gradientToolAlert',
		{
			name: 'Raise a PSA ticket',
			parameters: {
				resource: 'alert',
				operation: 'create',
				accountId: { __rl: true, mode: 'id', value: 'cust-002' },
				title: "={{ $fromAI('title', 'A short title for the ticket', 'string') }}",
				description: "={{ $fromAI('description', 'What happened and what to do', 'string') }}",
				alertId: 'agent-ticket-0001',
				priority: 2,
				status: 1,
				additionalFields: {},
				options: {},
			},
		},
		{ title: 'Backups paused on 3 servers', description: 'The backup agent stopped reporting at 02:10.' },
	);

	const raiseTicketWithoutTitle = {
		...raiseTicket,
		id: 'gradientToolBadArg',
		name: 'Gradient tool: no title',
		nodes: raiseTicket.nodes.map((node) =>
			node.name === 'Tool Executor'
				? { ...node, parameters: { query: executorQuery(version, 'Raise a PSA ticket', { title: ' ', description: 'Disk full' }) } }
				: node,
		),
	};
	return { listMappedAccounts, raiseTicket, raiseTicketWithoutTitle };
}

/** A tool answers the agent with text: the JSON of what the node output. */
function toolAnswer(run: N8nRun, world: E2eWorld): unknown {
	const [answer] = world.runData.nodeItems(run, 'Tool Executor') as unknown as string[];
	return JSON.parse(answer);
}

describe.each([N8N_VERSION, N8N_1X_VERSION])('Gradient MSP as an AI agent tool in real n8n %s', (version) => {
	const world = new E2eWorld();
	const { listMappedAccounts, raiseTicket, raiseTicketWithoutTitle } = toolWorkflows(version);

	beforeAll(async () => await world.start(`e2e-tool-${version}`, [listMappedAccounts, raiseTicket, raiseTicketWithoutTitle], version), 240_000);
	afterAll(async () => await world.stop());
	beforeEach(() => world.clearJournal());

	it('runs with fixed parameters: lists the mapped accounts in one read', async () => {
		const run = await world.n8n.execute(listMappedAccounts.id);
		expect(toolAnswer(run, world)).toEqual([
			expect.objectContaining({ id: 'cust-001', isMapped: true }),
			expect.objectContaining({ id: 'cust-002', isMapped: true }),
		]);
		expect(world.journal().map((entry) => `${entry.method} ${entry.path}`)).toEqual(['GET /api/vendor-api/organization/accounts']);
	});

	it("takes the agent's arguments ($fromAI) and creates the alert with them", async () => {
		const run = await world.n8n.execute(raiseTicket.id);
		expect(JSON.stringify(run)).not.toContain(DEMO_VENDOR_KEY);
		expect(JSON.stringify(run)).not.toContain(DEMO_PARTNER_KEYS[0]);
		expect(world.partner('Northwind MSP').alerts).toEqual([
			expect.objectContaining({
				accountId: 'cust-002',
				alertId: 'agent-ticket-0001',
				title: 'Backups paused on 3 servers',
				description: 'The backup agent stopped reporting at 02:10.',
				priority: 2,
			}),
		]);
		expect(toolAnswer(run, world)).toEqual([expect.objectContaining({ messageId: expect.any(String) })]);
	});

	it('answers a bad argument with the item-and-field error, sending nothing', async () => {
		const run = await world.n8n.execute(raiseTicketWithoutTitle.id);
		expect(world.runData.runError(run)?.message).toBe(
			'Error executing tool: [item 0] Title (title) must be a non-empty text, got an empty text',
		);
		expect(world.journal()).toEqual([]);
	});
});
