// The package as a person meets it: the real n8n 2.41.1 editor in headless Chromium, with the
// packed package installed as a community package and a Gradient credential pointing at the
// emulator. The node is added from the node creator and its form is read from the page, so
// the icon, the options and the list search are checked as n8n actually renders them.
// Screenshots go to artifacts/editor/; `npm run screenshots` runs this test and publishes the ones
// the docs show.
/// <reference types="node" />
import type { IDataObject } from 'n8n-workflow';

import nightlyExample from '../../examples/nightly-usage-sync.json';
import { CREDENTIAL, DEMO_PARTNER_KEYS, DEMO_VENDOR_KEY } from './e2eWorld';

interface EditorWorld {
	n8nUrl: string;
	start(options: { instanceName: string; credential: IDataObject; workflows?: IDataObject[] }): Promise<EditorWorld>;
	setUpOwner(owner: { email: string; firstName: string; lastName: string; password: string }): Promise<void>;
	stop(): Promise<void>;
}

interface EditorSession {
	launch(n8nUrl: string): Promise<EditorSession>;
	signIn(credentials: { email: string; password: string }): Promise<void>;
	loadedNodeTypes(): Promise<string[]>;
	createWorkflow(): Promise<void>;
	openWorkflow(workflowId: string): Promise<string[]>;
	runWorkflow(lastNodeName: string): Promise<void>;
	openNodeOutput(nodeName: string): Promise<string[]>;
	screenshotOutput(name: string): Promise<string>;
	findInNodeCreator(searchText: string, nodeName: string): Promise<void>;
	openNodeInCreator(nodeName: string, actionName: string): Promise<string[]>;
	addAction(actionName: string): Promise<void>;
	nodeDetailsIcon(): Promise<{ src: string; naturalWidth: number }>;
	selectedCredential(): Promise<string>;
	openOptions(parameterName: string): Promise<string[]>;
	chooseOption(optionName: string): Promise<void>;
	parameterValue(parameterName: string): Promise<string>;
	resourceLocatorEntries(parameterName: string): Promise<string[]>;
	screenshot(name: string): Promise<string>;
	close(): Promise<void>;
}

interface EditorDriver {
	chromiumIsInstalled(): boolean;
	EditorWorld: new () => EditorWorld;
	EditorSession: new () => EditorSession;
}

// Loaded synchronously (jest's require(esm), Node 24) because whether the suite runs at all is
// decided while jest collects tests. A variable specifier keeps tsc from wanting declarations.
const editorDriverPath = './editor.mjs';
const driver = jest.requireActual(editorDriverPath) as EditorDriver;

const OWNER = { email: 'owner@example.com', firstName: 'Editor', lastName: 'Test', password: 'EditorTest-1' };
// Seeded by test/emulator/seed.default.json: only the emulator can have answered these names.
const EMULATOR_SERVICES = ['Cloud Backup - Server', 'Cloud Backup - Workstation', 'Microsoft 365 Backup'];
// Where n8n serves a community package's icon file: this package's own SVG.
const ICON_PATH = '/icons/n8n-nodes-gradient-msp/dist/nodes/Gradient/gradient.svg';

// Says on the console why the suite is skipped when there is no Chromium.
const chromiumInstalled = driver.chromiumIsInstalled();
const describeWithChromium = chromiumInstalled ? describe : describe.skip;

describeWithChromium('the Gradient MSP node in the n8n editor', () => {
	const world = new driver.EditorWorld();
	const session = new driver.EditorSession();

	beforeAll(async () => {
		await world.start({
			instanceName: 'editor',
			credential: { ...CREDENTIAL, data: { vendorApiKey: DEMO_VENDOR_KEY, partnerApiKey: DEMO_PARTNER_KEYS[0] } },
			workflows: [nightlyExample],
		});
		await world.setUpOwner(OWNER);
		await session.launch(world.n8nUrl);
		await session.signIn(OWNER);
	}, 300_000);

	afterAll(async () => {
		try {
			await session.close();
		} finally {
			await world.stop();
		}
	}, 60_000);

	test('adds the node from the node creator; its icon, options and service list render', async () => {
		let stepsPassed = false;
		try {
			// usableAsTool makes n8n register an AI-agent tool variant beside the node itself.
			expect(await session.loadedNodeTypes()).toEqual(
				expect.arrayContaining([
					'n8n-nodes-gradient-msp.gradient',
					'n8n-nodes-gradient-msp.gradientTool',
					'n8n-nodes-gradient-msp.gradientTrigger',
				]),
			);
			await session.createWorkflow();

			await session.findInNodeCreator('Gradient', 'Gradient MSP');
			await session.screenshot('01-node-creator');
			const entries = await session.openNodeInCreator('Gradient MSP', 'Get the vendor profile');
			expect(entries).toEqual(
				expect.arrayContaining([
					'On account mapped',
					'On status changed',
					'Get the vendor profile',
					'Sync unit counts and create missing accounts',
					'Set the unit count of a service for an account',
				]),
			);
			await session.addAction('Get the vendor profile');

			const icon = await session.nodeDetailsIcon();
			expect(new URL(icon.src).pathname).toBe(ICON_PATH);
			expect(icon.naturalWidth).toBeGreaterThan(0);
			expect(await session.selectedCredential()).toBe(CREDENTIAL.name);
			await session.screenshot('02-node-details');

			expect(await session.openOptions('resource')).toEqual(
				expect.arrayContaining(['Account', 'Alert', 'Client', 'Partner', 'Partner Service', 'Service', 'Usage', 'Vendor']),
			);
			await session.chooseOption('Usage');

			expect(await session.openOptions('operation')).toEqual(expect.arrayContaining(['Set Unit Count', 'Sync']));
			await session.screenshot('03-usage-operations');
			await session.chooseOption('Set Unit Count');
			expect(await session.parameterValue('operation')).toBe('Set Unit Count');

			expect((await session.resourceLocatorEntries('serviceId')).sort()).toEqual(EMULATOR_SERVICES);
			await session.screenshot('04-service-list');
			stepsPassed = true;
		} finally {
			// Shows where a failed step left the page.
			if (!stepsPassed) await session.screenshot('failure').catch(() => undefined);
		}
	}, 240_000);

	test('runs the nightly usage sync example from the canvas and shows the usage output as a table', async () => {
		expect((await session.openWorkflow(nightlyExample.id)).sort()).toEqual(nightlyExample.nodes.map((node) => node.name).sort());
		await session.screenshot('05-nightly-sync-workflow');
		await session.runWorkflow('Summary per partner');
		const columns = await session.openNodeOutput('Sync usage to Gradient');
		expect(columns).toEqual(expect.arrayContaining(['serviceId', 'accountId', 'unitCount', 'result', 'httpStatus', 'message', 'accountAction']));
		await session.screenshotOutput('06-usage-output');
	}, 240_000);
});
