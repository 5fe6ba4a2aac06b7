// In-process n8n for integration tests: runs real workflows with n8n-core's
// WorkflowExecute, n8n-core's request helpers (real HTTP) and the credential's own
// `authenticate`. See README.md in this folder.
import { Container, core, workflowLib } from './runtime.mjs';
import { HarnessCredentialsHelper } from './credentials-helper.mjs';
import { useDeduplicationStore } from './deduplication.mjs';
import { SOURCE_NODE_TYPE, createItemsSourceNode, createNodeTypes } from './node-types.mjs';

const {
	ExecutionLifecycleHooks,
	WorkflowExecute,
	PollContext,
	PollTriggerExecutor,
	TriggersAndPollers,
	ExecuteContext,
	RoutingNode,
	LoadOptionsContext,
} = core;
const { Workflow, createRunExecutionData } = workflowLib;

export const SOURCE_NODE_NAME = 'Harness Items';
export const NODE_UNDER_TEST_NAME = 'Node Under Test';
const WORKFLOW_ID = 'harness-workflow';

let executionCounter = 0;

function nodeCredentials(credentials) {
	return Object.fromEntries(
		Object.keys(credentials ?? {}).map((type, index) => [type, { id: `harness-credential-${index + 1}`, name: type }]),
	);
}

/** The node under test as a workflow holds it. */
function nodeUnderTest({ nodeType, typeVersion = 1, parameters = {}, credentials = {}, position = [0, 0], ...options }) {
	return {
		id: 'harness-node-under-test',
		name: NODE_UNDER_TEST_NAME,
		type: nodeType,
		typeVersion,
		position,
		parameters: structuredClone(parameters),
		credentials: nodeCredentials(credentials),
		...options,
	};
}

/** A workflow of the node under test alone, with what n8n-core's contexts need to run it. */
function singleNodeWorkflow({ node, nodeTypes, credentials, credentialTypes, mode, active, staticData = {} }) {
	const workflow = new Workflow({
		id: WORKFLOW_ID,
		name: 'Harness workflow',
		nodes: [node],
		connections: {},
		active,
		nodeTypes: createNodeTypes(nodeTypes),
		staticData: structuredClone(staticData ?? {}),
		settings: { executionOrder: 'v1' },
	});
	const executionId = `harness-${++executionCounter}`;
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, structuredClone(credentials));
	const { hooks } = createHooks(mode, executionId, { id: WORKFLOW_ID, nodes: [node], connections: {}, active });
	return { workflow, credentialsHelper, additionalData: createAdditionalData({ credentialsHelper, hooks, executionId }) };
}

function createHooks(mode, executionId, workflowData) {
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const nodeExecutionOrder = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		nodeExecutionOrder.push(nodeName);
	});
	return { hooks, nodeExecutionOrder };
}

/**
 * The fields of IWorkflowExecuteAdditionalData that n8n-core reads during a plain node
 * execution. Everything server-side (sub-workflows, waiting, push to UI, data tables,
 * AI agents, runners) is left out: a node that needs one of those fails loudly.
 */
function createAdditionalData({ credentialsHelper, hooks, executionId }) {
	return {
		credentialsHelper,
		hooks,
		executionId,
		userId: 'harness-user',
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		variables: {},
		async setExecutionStatus() {},
		sendDataToUI() {},
	};
}

/**
 * Wraps the resolved node type of the node under test so the error it throws is kept
 * with its class. WorkflowExecute stores only a spread copy ({ ...error, message, stack })
 * in the run data, which loses the prototype (NodeApiError vs NodeOperationError).
 * The wrapper inherits everything else from the real node type and calls its execute
 * with the same context and arguments.
 */
function observeThrownErrors(nodeType, record) {
	if (typeof nodeType.execute !== 'function') return nodeType;
	const execute = nodeType.execute;
	const observed = Object.create(nodeType);
	observed.execute = async function (...args) {
		try {
			return await execute.apply(this, args);
		} catch (error) {
			record(error);
			throw error;
		}
	};
	return observed;
}

/**
 * Runs `Harness Items -> Node Under Test` with n8n-core's WorkflowExecute, in `mode` ('manual':
 * the editor's test run; 'trigger', 'webhook'...: a published workflow's run), from the
 * workflow static data a previous run returned.
 *
 * @returns {Promise<{
 *   outputs: import('n8n-workflow').INodeExecutionData[][] | undefined,
 *   error: Error | undefined,
 *   runData: import('n8n-workflow').IRunData,
 *   executionData: import('n8n-workflow').IRun,
 *   nodeExecutionOrder: string[],
 *   credentialsHelper: HarnessCredentialsHelper,
 *   staticData: Record<string, unknown>,
 * }>}
 */
export async function runNode({
	nodeTypes,
	nodeType,
	parameters = {},
	typeVersion = 1,
	items = [{}],
	credentials = {},
	credentialTypes = {},
	continueOnFail = false,
	nodeOptions = {},
	mode = 'manual',
	staticData = {},
}) {
	if (!nodeTypes?.[nodeType]) throw new Error(`runNode: nodeTypes has no entry for "${nodeType}"`);
	await useDeduplicationStore();
	if (!Array.isArray(items)) throw new Error('runNode: items must be an array of JSON objects');

	const thrownErrors = [];
	const registry = createNodeTypes(
		{ ...nodeTypes, [SOURCE_NODE_TYPE]: createItemsSourceNode(items) },
		(type, resolved) =>
			type === nodeType ? observeThrownErrors(resolved, (error) => thrownErrors.push(error)) : resolved,
	);

	const sourceNode = {
		id: 'harness-source',
		name: SOURCE_NODE_NAME,
		type: SOURCE_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const testedNode = nodeUnderTest({
		nodeType,
		typeVersion,
		parameters,
		credentials,
		position: [200, 0],
		...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
		...nodeOptions,
	});
	const connections = {
		[SOURCE_NODE_NAME]: { main: [[{ node: NODE_UNDER_TEST_NAME, type: 'main', index: 0 }]] },
	};

	const workflow = new Workflow({
		id: WORKFLOW_ID,
		name: 'Harness workflow',
		nodes: [sourceNode, testedNode],
		connections,
		active: false,
		nodeTypes: registry,
		settings: { executionOrder: 'v1' },
		staticData: structuredClone(staticData),
	});

	const executionId = `harness-${++executionCounter}`;
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, structuredClone(credentials));
	const { hooks, nodeExecutionOrder } = createHooks(mode, executionId, {
		id: WORKFLOW_ID,
		name: workflow.name,
		nodes: [sourceNode, testedNode],
		connections,
		active: false,
		settings: { executionOrder: 'v1' },
	});
	const additionalData = createAdditionalData({ credentialsHelper, hooks, executionId });

	const workflowExecute = new WorkflowExecute(additionalData, mode);
	const executionData = await workflowExecute.run({
		workflow,
		startNode: workflow.getNode(SOURCE_NODE_NAME),
	});

	const runData = executionData.data.resultData.runData;
	const taskData = runData[NODE_UNDER_TEST_NAME]?.[0];
	const error = thrownErrors[0] ?? taskData?.error ?? executionData.data.resultData.error;

	return {
		outputs: taskData?.data?.main,
		// What n8n's CLI saves once the execution ends: the changed static data, except after an
		// editor test run (manual mode), which saves none.
		staticData: mode !== 'manual' && workflow.staticData.__dataChanged === true ? JSON.parse(JSON.stringify(workflow.staticData)) : staticData,
		error,
		runData,
		executionData,
		nodeExecutionOrder,
		credentialsHelper,
	};
}

// ---------------------------------------------------------------------------
// Credential test

// The node n8n's CredentialsTester runs a credential's `test.request` on: a no-op node
// (n8n-nodes-base.noOp in n8n) whose single parameter routes the test request.
const noOpNodeType = {
	description: {
		displayName: 'No Operation, do nothing',
		name: 'n8n-nodes-base.noOp',
		group: ['organization'],
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
};

/**
 * Tests a credential like n8n's CredentialsTester does for credential types with a
 * `test` request: applies the credential's defaults, then runs the request through
 * n8n-core's RoutingNode (expressions such as `={{$credentials.baseUrl}}` resolved by
 * n8n, `authenticate` applied by the credentials helper, HTTP sent by n8n-core).
 *
 * @returns {Promise<{ status: 'OK' | 'Error', message: string, error?: Error }>}
 */
export async function testCredential({ credentialType, credentialTypes, data }) {
	const type = credentialTypes?.[credentialType];
	if (type === undefined) throw new Error(`testCredential: credentialTypes has no entry for "${credentialType}"`);
	const testRequest = type.test;
	if (!testRequest?.request) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, { [credentialType]: structuredClone(data) });
	const credentialsDecrypted = {
		id: 'harness-credential-test',
		name: credentialType,
		type: credentialType,
		data: undefined,
	};
	try {
		credentialsDecrypted.data = credentialsHelper.applyDefaults(structuredClone(data), credentialType, 'internal');
	} catch (error) {
		return { status: 'Error', message: String(error.message), error };
	}

	const testNodeType = {
		description: {
			...noOpNodeType.description,
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const node = {
		id: 'temp',
		name: 'Temp-Node',
		type: testNodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialType]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: createNodeTypes({ [testNodeType.description.name]: testNodeType }),
	});

	const mode = 'internal';
	const executionId = `harness-${++executionCounter}`;
	const { hooks } = createHooks(mode, executionId, { id: 'harness-credential-test', nodes: [node], connections: {} });
	const additionalData = createAdditionalData({ credentialsHelper, hooks, executionId });
	const runExecutionData = createRunExecutionData({ resultData: { runData: {} } });
	const executeData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		mode,
		runExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	const routingNode = new RoutingNode(context, testNodeType, credentialsDecrypted);

	let response;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		const responseError = error.cause?.response;
		if (responseError) {
			const statusCode = responseError.status;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message, error };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return {
					status: 'Error',
					message: responseError.statusText || `Received HTTP status code: ${statusCode}`,
					error,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code, error };
		}
		return { status: 'Error', message: String(error.message), error };
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response?.[0]?.[0]?.json;
			if (getPath(body, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

function getPath(object, keyPath) {
	return String(keyPath)
		.split('.')
		.reduce((value, key) => (value === undefined || value === null ? undefined : value[key]), object);
}

// ---------------------------------------------------------------------------
// Polling trigger

/**
 * Runs a polling trigger's `poll()` once on n8n-core's PollContext, starting from the
 * workflow static data a previous call returned (pass `result.staticData` back in).
 *
 * mode 'trigger' is an activated workflow's poll: n8n-core's PollTriggerExecutor runs
 * it (activation 'activate') and `outputs` is what it emitted to start an execution;
 * a failing poll is emitted as an error, returned in `error`. mode 'manual' is the
 * editor's test run (activation 'manual'), where poll() is called directly and a
 * failure is thrown, also returned in `error`.
 *
 * @returns {Promise<{
 *   outputs: import('n8n-workflow').INodeExecutionData[][] | null,
 *   emitted: import('n8n-workflow').INodeExecutionData[][][],
 *   staticData: Record<string, unknown>,
 *   staticDataChanged: boolean,
 *   error: Error | undefined,
 *   credentialsHelper: HarnessCredentialsHelper,
 * }>}
 */
export async function runPoll({
	nodeTypes,
	nodeType,
	parameters = {},
	typeVersion = 1,
	credentials = {},
	credentialTypes = {},
	staticData = {},
	mode = 'trigger',
	nodeOptions = {},
}) {
	if (!nodeTypes?.[nodeType]) throw new Error(`runPoll: nodeTypes has no entry for "${nodeType}"`);
	if (mode !== 'trigger' && mode !== 'manual') throw new Error(`runPoll: mode must be 'trigger' or 'manual'`);

	const { workflow, credentialsHelper, additionalData } = singleNodeWorkflow({
		node: nodeUnderTest({ nodeType, typeVersion, parameters, credentials, ...nodeOptions }),
		nodeTypes,
		credentials,
		credentialTypes,
		mode,
		active: mode === 'trigger',
		staticData,
	});

	const emitted = [];
	const emittedErrors = [];
	const activation = mode === 'manual' ? 'manual' : 'activate';
	const context = new PollContext(
		workflow,
		workflow.getNode(NODE_UNDER_TEST_NAME),
		additionalData,
		mode,
		activation,
		(data) => emitted.push(data),
		(error) => emittedErrors.push(error),
	);

	const pollNode = workflow.getNode(NODE_UNDER_TEST_NAME);
	let outputs = null;
	let error;
	try {
		if (mode === 'trigger') {
			// An active workflow's poll: PollTriggerExecutor runs poll() through
			// TriggersAndPollers and emits a non-null result (which would start an
			// execution); errors are emitted, not thrown.
			const poll = Container.get(PollTriggerExecutor).create(workflow, pollNode, context, () => true);
			await poll(false);
			outputs = emitted[0] ?? null;
		} else {
			// The editor's test run: like WorkflowExecute.executePollNode, call poll() on a
			// 'manual' PollContext and use what it returns.
			outputs = await Container.get(TriggersAndPollers).runPollFunction(workflow, pollNode, context);
		}
	} catch (thrown) {
		error = thrown;
	}

	return {
		outputs: outputs ?? null,
		emitted,
		staticData: JSON.parse(JSON.stringify(workflow.staticData)),
		staticDataChanged: workflow.staticData.__dataChanged === true,
		error: error ?? emittedErrors[0],
		credentialsHelper,
	};
}

/**
 * The editor's search of a resource locator in list mode: the node type's
 * `methods.listSearch[methodName]` on n8n-core's LoadOptionsContext, with the filter typed and
 * the pagination token of the previous page, as n8n's dynamic parameters service calls it.
 */
export async function runListSearch({
	nodeTypes,
	nodeType,
	methodName,
	filter,
	paginationToken,
	parameters = {},
	credentials = {},
	credentialTypes = {},
}) {
	const search = nodeTypes?.[nodeType]?.methods?.listSearch?.[methodName];
	if (!search) throw new Error(`runListSearch: "${nodeType}" has no list search "${methodName}"`);
	const { workflow, additionalData } = singleNodeWorkflow({
		node: nodeUnderTest({ nodeType, parameters, credentials }),
		nodeTypes,
		credentials,
		credentialTypes,
		mode: 'manual',
		active: false,
	});
	const context = new LoadOptionsContext(workflow, workflow.getNode(NODE_UNDER_TEST_NAME), additionalData, 'parameters');
	return await search.call(context, filter, paginationToken);
}

export { HarnessCredentialsHelper };
