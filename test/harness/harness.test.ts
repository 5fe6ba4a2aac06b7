// Proves the in-process n8n harness (test/harness/n8n.mjs) against throwaway node and
// credential classes and a recording HTTP server: what n8n-core sends and returns here
// is what it will send and return for the Gradient node.
import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
	IRun,
	IRunData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

// ---------------------------------------------------------------------------------------
// Harness and echo server types (they are .mjs: n8n's lint bans process/timers in .ts)

interface RunNodeOptions {
	nodeTypes: Record<string, object>;
	nodeType: string;
	parameters?: IDataObject;
	typeVersion?: number;
	items?: IDataObject[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	credentialTypes?: Record<string, ICredentialType>;
	continueOnFail?: boolean;
}

interface RunNodeResult {
	outputs: INodeExecutionData[][] | undefined;
	error: (Error & { description?: string; context?: IDataObject; httpCode?: string | null }) | undefined;
	runData: IRunData;
	executionData: IRun;
}

interface RunPollResult {
	outputs: INodeExecutionData[][] | null;
	staticData: IDataObject;
	staticDataChanged: boolean;
	error: Error | undefined;
}

interface Harness {
	NODE_UNDER_TEST_NAME: string;
	SOURCE_NODE_NAME: string;
	runNode(options: RunNodeOptions): Promise<RunNodeResult>;
	testCredential(options: {
		credentialType: string;
		credentialTypes: Record<string, ICredentialType>;
		data: ICredentialDataDecryptedObject;
	}): Promise<{ status: 'OK' | 'Error'; message: string }>;
	runPoll(
		options: Omit<RunNodeOptions, 'items' | 'continueOnFail'> & {
			staticData?: IDataObject;
			mode: 'trigger' | 'manual';
		},
	): Promise<RunPollResult>;
}

interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

interface EchoResponse {
	status?: number;
	statusText?: string;
	body?: unknown;
}

interface EchoServer {
	url: string;
	requests: RecordedRequest[];
	setResponder(fn?: (request: RecordedRequest) => EchoResponse | undefined): void;
	reset(): void;
	close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------
// Throwaway fixtures

/** A credential whose authenticate() is a function, like GradientApi. */
class EchoApi implements ICredentialType {
	name = 'echoApi';

	displayName = 'Echo API';

	properties: INodeProperties[] = [
		{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{ displayName: 'Region', name: 'region', type: 'string', default: 'eu-default' },
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, 'x-api-key': String(credentials.apiKey) },
		};
	}

	test: ICredentialTestRequest = {
		request: { baseURL: '={{ $credentials.baseUrl }}', url: '/auth/check', method: 'GET' },
	};
}

/** A credential using n8n's declarative (generic) authenticate form with expressions. */
class GenericApi implements ICredentialType {
	name = 'genericApi';

	displayName = 'Generic API';

	properties: INodeProperties[] = [
		{ displayName: 'Token', name: 'token', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Tenant', name: 'tenant', type: 'string', default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{ $credentials.token }}' },
			qs: { tenant: '={{ $credentials.tenant.toUpperCase() }}' },
		},
	};

	test: ICredentialTestRequest = {
		request: { baseURL: '={{ $credentials.baseUrl }}', url: '/auth/check' },
	};
}

const ECHO_NODE = 'harness-fixtures.echo';
const POLL_NODE = 'harness-fixtures.poll';

/** A node that POSTs each item through httpRequestWithAuthentication. */
class EchoNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Echo',
		name: 'echo',
		group: ['transform'],
		version: 1,
		description: 'Sends each item to an echo server',
		defaults: { name: 'Echo' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'echoApi', required: true, displayOptions: { show: { authentication: ['echoApi'] } } },
			{ name: 'genericApi', required: true, displayOptions: { show: { authentication: ['genericApi'] } } },
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'Echo API', value: 'echoApi' },
					{ name: 'Generic API', value: 'genericApi' },
				],
				default: 'echoApi',
			},
			{ displayName: 'Path', name: 'path', type: 'string', default: '/echo' },
			{ displayName: 'Refuse Path', name: 'refusePath', type: 'string', default: '' },
			{ displayName: 'Override API Key', name: 'overrideApiKey', type: 'string', default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const authentication = this.getNodeParameter('authentication', 0) as string;
		const credentials = await this.getCredentials(authentication);
		const returnData: INodeExecutionData[] = [];

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const path = this.getNodeParameter('path', itemIndex) as string;
				if (path === this.getNodeParameter('refusePath', itemIndex)) {
					throw new NodeOperationError(this.getNode(), `Refusing ${path}`, {
						itemIndex,
						description: 'The path matched Refuse Path',
					});
				}
				const overrideApiKey = this.getNodeParameter('overrideApiKey', itemIndex) as string;
				const response = (await this.helpers.httpRequestWithAuthentication.call(
					this,
					authentication,
					{
						method: 'POST',
						url: `${String(credentials.baseUrl)}${path}`,
						body: { item: items[itemIndex].json },
						json: true,
					},
					overrideApiKey
						? {
								credentialsDecrypted: {
									id: 'override',
									name: 'override',
									type: authentication,
									data: { ...credentials, apiKey: overrideApiKey },
								},
							}
						: undefined,
				)) as IDataObject;
				returnData.push({
					json: { response, received: items[itemIndex].json, region: credentials.region ?? null },
					pairedItem: { item: itemIndex },
				});
			} catch (error) {
				// n8n errors (n8n-core's NodeApiError, the node's own refusal) are handed on as they are.
				const failure =
					error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeApiError(this.getNode(), error as JsonObject);
				if (!this.continueOnFail()) throw failure;
				returnData.push({ json: { error: failure.message }, pairedItem: { item: itemIndex } });
			}
		}
		return [returnData];
	}
}

/** A polling trigger that keeps its cursor in the workflow static data. */
class PollNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Poll',
		name: 'poll',
		group: ['trigger'],
		version: 1,
		description: 'Polls the echo server for new events',
		defaults: { name: 'Poll' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'echoApi', required: true }],
		properties: [{ displayName: 'Path', name: 'path', type: 'string', default: '/events' }],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const staticData = this.getWorkflowStaticData('node');
		const since = (staticData.lastId as number | undefined) ?? 0;
		const credentials = await this.getCredentials('echoApi');
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'echoApi', {
			method: 'GET',
			url: `${String(credentials.baseUrl)}${this.getNodeParameter('path') as string}`,
			qs: { since },
			json: true,
		})) as { events: Array<{ id: number }> };
		if (response.events.length === 0) return null;
		staticData.lastId = Math.max(...response.events.map((event) => event.id));
		return [this.helpers.returnJsonArray(response.events)];
	}
}

// ---------------------------------------------------------------------------------------

let harness: Harness;
let server: EchoServer;

const credentialTypes = { echoApi: new EchoApi(), genericApi: new GenericApi() };
const nodeTypes = { [ECHO_NODE]: new EchoNode(), [POLL_NODE]: new PollNode() };

const echoCredentials = () => ({ echoApi: { apiKey: 'key-1', baseUrl: server.url } });

beforeAll(async () => {
	harness = (await import('./n8n.mjs' as string)) as Harness;
	const echo = (await import('./echoServer.mjs' as string)) as {
		startEchoServer(): Promise<EchoServer>;
	};
	server = await echo.startEchoServer();
});

afterAll(async () => {
	await server?.close();
});

beforeEach(() => server.reset());

describe('runNode', () => {
	test('sends the header set by the credential authenticate() function', async () => {
		const { outputs, error } = await harness.runNode({
			nodeTypes,
			nodeType: ECHO_NODE,
			items: [{ n: 1 }],
			credentials: echoCredentials(),
			credentialTypes,
		});

		expect(error).toBeUndefined();
		expect(outputs?.[0]).toHaveLength(1);
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].method).toBe('POST');
		expect(server.requests[0].path).toBe('/echo');
		expect(server.requests[0].headers['x-api-key']).toBe('key-1');
	});

	test('resolves parameter expressions per item and feeds the node the items', async () => {
		const items = [{ id: 'a', nested: { n: 1 } }, { id: 'b' }, { id: 'c' }];
		const { outputs, error } = await harness.runNode({
			nodeTypes,
			nodeType: ECHO_NODE,
			parameters: { path: '={{ "/things/" + $json.id }}' },
			items,
			credentials: echoCredentials(),
			credentialTypes,
		});

		expect(error).toBeUndefined();
		expect(server.requests.map((request) => request.path)).toEqual(['/things/a', '/things/b', '/things/c']);
		expect(server.requests.map((request) => request.body)).toEqual(items.map((item) => ({ item })));
		expect(outputs?.[0].map((item) => item.json.received)).toEqual(items);
		expect(outputs?.[0].map((item) => (item.json.response as IDataObject).path)).toEqual([
			'/things/a',
			'/things/b',
			'/things/c',
		]);
	});

	test('fills credential defaults the way n8n does', async () => {
		const { outputs } = await harness.runNode({
			nodeTypes,
			nodeType: ECHO_NODE,
			items: [{}],
			credentials: echoCredentials(),
			credentialTypes,
		});

		expect(outputs?.[0][0].json.region).toBe('eu-default');
	});

	test('sends the credentialsDecrypted override instead of the stored credential', async () => {
		const { outputs, error } = await harness.runNode({
			nodeTypes,
			nodeType: ECHO_NODE,
			parameters: { overrideApiKey: '={{ $json.key }}' },
			items: [{ key: 'override-a' }, { key: '' }, { key: 'override-c' }],
			credentials: echoCredentials(),
			credentialTypes,
		});

		expect(error).toBeUndefined();
		expect(outputs?.[0]).toHaveLength(3);
		expect(server.requests.map((request) => request.headers['x-api-key'])).toEqual([
			'override-a',
			'key-1',
			'override-c',
		]);
	});

	test('applies a generic authenticate with $credentials expressions', async () => {
		const { error } = await harness.runNode({
			nodeTypes,
			nodeType: ECHO_NODE,
			parameters: { authentication: 'genericApi' },
			items: [{}],
			credentials: { genericApi: { token: 'tok-9', tenant: 'acme', baseUrl: server.url } },
			credentialTypes,
		});

		expect(error).toBeUndefined();
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].headers.authorization).toBe('Bearer tok-9');
		expect(server.requests[0].query).toEqual({ tenant: 'ACME' });
		expect(server.requests[0].headers['x-api-key']).toBeUndefined();
	});

	test('returns a thrown NodeOperationError with its class and itemIndex', async () => {
		const { outputs, error, runData } = await harness.runNode({
			nodeTypes,
			nodeType: ECHO_NODE,
			parameters: { path: '={{ $json.path }}', refusePath: '/bad' },
			items: [{ path: '/ok' }, { path: '/bad' }, { path: '/ok' }],
			credentials: echoCredentials(),
			credentialTypes,
		});

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error).not.toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe('Refusing /bad');
		expect(error?.description).toBe('The path matched Refuse Path');
		expect(error?.context?.itemIndex).toBe(1);
		expect(outputs).toBeUndefined();
		expect(runData[harness.NODE_UNDER_TEST_NAME][0].executionStatus).toBe('error');
		expect(server.requests).toHaveLength(1);
	});

	test('with continueOnFail the node returns error items instead of throwing', async () => {
		const { outputs, error } = await harness.runNode({
			nodeTypes,
			nodeType: ECHO_NODE,
			parameters: { path: '={{ $json.path }}', refusePath: '/bad' },
			items: [{ path: '/ok' }, { path: '/bad' }, { path: '/ok' }],
			credentials: echoCredentials(),
			credentialTypes,
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(outputs?.[0].map((item) => item.json.error ?? 'ok')).toEqual(['ok', 'Refusing /bad', 'ok']);
		expect(server.requests).toHaveLength(2);
	});

	test('returns the NodeApiError n8n-core raises for an HTTP error, with its httpCode', async () => {
		server.setResponder((request) =>
			request.path === '/missing' ? { status: 404, body: { message: 'No such thing' } } : undefined,
		);

		const { outputs, error } = await harness.runNode({
			nodeTypes,
			nodeType: ECHO_NODE,
			parameters: { path: '/missing' },
			items: [{}],
			credentials: echoCredentials(),
			credentialTypes,
		});

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.httpCode).toBe('404');
		expect(error?.description).toBe('No such thing');
		expect(outputs).toBeUndefined();

		const continued = await harness.runNode({
			nodeTypes,
			nodeType: ECHO_NODE,
			parameters: { path: '/missing' },
			items: [{}],
			credentials: echoCredentials(),
			credentialTypes,
			continueOnFail: true,
		});
		expect(continued.error).toBeUndefined();
		expect(continued.outputs?.[0]).toHaveLength(1);
		expect(String(continued.outputs?.[0][0].json.error)).toMatch(/resource you are requesting could not be found/i);
	});

	test('keeps pairedItem on the output items', async () => {
		const { outputs, runData } = await harness.runNode({
			nodeTypes,
			nodeType: ECHO_NODE,
			items: [{ i: 0 }, { i: 1 }, { i: 2 }],
			credentials: echoCredentials(),
			credentialTypes,
		});

		expect(outputs?.[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const source = runData[harness.SOURCE_NODE_NAME][0].data?.main[0];
		expect(source?.map((item) => item.json)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
	});
});

describe('testCredential', () => {
	test('returns OK when the test request gets a 200, sent with the credential', async () => {
		server.setResponder((request) => (request.path === '/auth/check' ? { status: 200, body: {} } : undefined));

		const result = await harness.testCredential({
			credentialType: 'echoApi',
			credentialTypes,
			data: { apiKey: 'good-key', baseUrl: server.url },
		});

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].path).toBe('/auth/check');
		expect(server.requests[0].headers['x-api-key']).toBe('good-key');
	});

	test('returns Error when the test request gets a 401', async () => {
		server.setResponder(() => ({ status: 401, statusText: 'Key rejected', body: { message: 'bad key' } }));

		const result = await harness.testCredential({
			credentialType: 'echoApi',
			credentialTypes,
			data: { apiKey: 'bad-key', baseUrl: server.url },
		});

		expect(result.status).toBe('Error');
		expect(result.message).toBe('Key rejected');
		expect(server.requests[0].headers['x-api-key']).toBe('bad-key');
	});

	test('applies a generic authenticate to the test request', async () => {
		server.setResponder((request) =>
			request.headers.authorization === 'Bearer t-ok' ? { status: 200, body: {} } : { status: 403 },
		);

		const ok = await harness.testCredential({
			credentialType: 'genericApi',
			credentialTypes,
			data: { token: 't-ok', tenant: 'x', baseUrl: server.url },
		});
		const rejected = await harness.testCredential({
			credentialType: 'genericApi',
			credentialTypes,
			data: { token: 't-no', tenant: 'x', baseUrl: server.url },
		});

		expect(ok.status).toBe('OK');
		expect(rejected.status).toBe('Error');
	});
});

describe('runPoll', () => {
	const events = [{ id: 1 }, { id: 2 }];
	const respondWithEventsSince = (request: RecordedRequest): EchoResponse => ({
		body: { events: events.filter((event) => event.id > Number(request.query.since)) },
	});

	test('carries the workflow static data from one poll to the next', async () => {
		server.setResponder(respondWithEventsSince);
		const pollOptions = {
			nodeTypes,
			nodeType: POLL_NODE,
			credentials: echoCredentials(),
			credentialTypes,
			mode: 'trigger' as const,
		};

		const first = await harness.runPoll({ ...pollOptions, staticData: {} });
		expect(first.error).toBeUndefined();
		expect(first.outputs?.[0].map((item) => item.json)).toEqual([{ id: 1 }, { id: 2 }]);
		expect(first.staticData).toEqual({ [`node:${harness.NODE_UNDER_TEST_NAME}`]: { lastId: 2 } });
		expect(first.staticDataChanged).toBe(true);

		events.push({ id: 3 });
		const second = await harness.runPoll({ ...pollOptions, staticData: first.staticData });
		expect(second.outputs?.[0].map((item) => item.json)).toEqual([{ id: 3 }]);
		expect(second.staticData).toEqual({ [`node:${harness.NODE_UNDER_TEST_NAME}`]: { lastId: 3 } });

		const third = await harness.runPoll({ ...pollOptions, staticData: second.staticData });
		expect(third.outputs).toBeNull();
		expect(third.staticDataChanged).toBe(false);

		expect(server.requests.map((request) => request.query.since)).toEqual(['0', '2', '3']);
		expect(server.requests.every((request) => request.headers['x-api-key'] === 'key-1')).toBe(true);
	});

	test('runs a manual poll and reports a failing poll as an error', async () => {
		server.setResponder(respondWithEventsSince);
		const manual = await harness.runPoll({
			nodeTypes,
			nodeType: POLL_NODE,
			credentials: echoCredentials(),
			credentialTypes,
			mode: 'manual',
		});
		expect(manual.outputs?.[0].length).toBeGreaterThan(0);

		server.setResponder(() => ({ status: 500, body: { message: 'down' } }));
		const failed = await harness.runPoll({
			nodeTypes,
			nodeType: POLL_NODE,
			credentials: echoCredentials(),
			credentialTypes,
			mode: 'trigger',
		});
		expect(failed.outputs).toBeNull();
		expect(failed.error).toBeInstanceOf(NodeApiError);
	});
});
