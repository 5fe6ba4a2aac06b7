// The package in the newest n8n 1.x release, on the Node that release runs on (the system's;
// Node 20 on CI): the tarball the 2.x suites use, the same example workflows and assertions,
// and the types the editor offers. The trigger and the tool suites run on 1.x too.
import type { IDataObject } from 'n8n-workflow';

import { CREDENTIAL, E2eWorld, N8N_1X_VERSION } from './e2eWorld';
import { describeExampleWorkflows } from './exampleWorkflows';

jest.setTimeout(180_000);

describeExampleWorkflows(N8N_1X_VERSION);

const OWNER = { email: 'owner@example.com', firstName: 'Compatibility', lastName: 'Test', password: 'Compatibility-1' };
const TRIGGER_TYPE = 'n8n-nodes-gradient-msp.gradientTrigger';

describe(`The editor of real n8n ${N8N_1X_VERSION}`, () => {
	const world = new E2eWorld();
	let session = '';
	const get = async (path: string) => {
		const response = await fetch(`${world.n8n.url}${path}`, { headers: { cookie: session } });
		if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
		return (await response.json()) as unknown;
	};

	beforeAll(async () => {
		await world.start(`e2e-editor-types-${N8N_1X_VERSION}`, [], N8N_1X_VERSION);
		await world.n8n.start();
		// A fresh n8n has no user; the first account set up owns it and may read the editor's type lists.
		const setup = await fetch(`${world.n8n.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (!setup.ok) throw new Error(`owner setup answered ${setup.status}: ${await setup.text()}`);
		session = setup.headers
			.getSetCookie()
			.map((cookie) => cookie.split(';')[0])
			.join('; ');
	}, 240_000);
	afterAll(async () => await world.stop());

	it('offers the node, its tool variant, the trigger and the credential in the editor', async () => {
		const nodeTypes = (await get('/types/nodes.json')) as IDataObject[];
		const ownNodeTypes = nodeTypes.filter((nodeType) => String(nodeType.name).startsWith('n8n-nodes-gradient-msp.'));
		expect(ownNodeTypes.map((nodeType) => nodeType.name).sort()).toEqual([
			'n8n-nodes-gradient-msp.gradient',
			'n8n-nodes-gradient-msp.gradientTool',
			TRIGGER_TYPE,
		]);
		expect(ownNodeTypes.find((nodeType) => nodeType.name === TRIGGER_TYPE)).toEqual(
			expect.objectContaining({ polling: true, credentials: [expect.objectContaining({ name: CREDENTIAL.type, required: true })] }),
		);
		const credentialTypes = (await get('/types/credentials.json')) as Array<{ name: string; properties: IDataObject[] }>;
		const credentialType = credentialTypes.find((type) => type.name === CREDENTIAL.type);
		expect(credentialType?.properties.map((property) => property.name)).toEqual(
			expect.arrayContaining(['vendorApiKey', 'partnerApiKey', 'baseUrl']),
		);
	});
});
