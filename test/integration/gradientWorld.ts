// Test world for integration suites: a Gradient emulator on 127.0.0.1 and the Gradient node
// run inside real n8n-core (test/harness). The .mjs modules are loaded at run time: they use
// Node's own APIs, which n8n's rules keep out of .ts files.
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeListSearchResult,
	IRunData,
} from 'n8n-workflow';

import { GradientApi } from '../../credentials/GradientApi.credentials';
import { Gradient } from '../../nodes/Gradient/Gradient.node';
import { GradientTrigger } from '../../nodes/GradientTrigger/GradientTrigger.node';

export const NODE_TYPE = 'n8n-nodes-gradient-msp.gradient';
export const TRIGGER_NODE_TYPE = 'n8n-nodes-gradient-msp.gradientTrigger';
/** The harness's name for the node under test in run data. */
export const NODE_UNDER_TEST = 'Node Under Test';

export const VENDOR_KEY = 'test-vendor-key';
export const VENDOR_ID = '6480aaaa0000000000000001';
export const PARTNER_A_KEY = 'test-partner-key-a';
export const PARTNER_B_KEY = 'test-partner-key-b';
export const PARTNER_A_ORG = '6470aaaa0000000000000001';
export const PARTNER_B_ORG = '6470bbbb0000000000000001';
export const SERVER_SKU = '6480aaaa00000000000000a1';
export const WORKSTATION_SKU = '6480aaaa00000000000000a2';

export interface JournalEntry {
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	tokenHeaderPresent: boolean;
	vendorId: string | null;
	organizationId: string | null;
	body: unknown;
	status: number | null;
	reset: boolean;
}

export interface PartnerState {
	organizationId: string;
	name: string;
	status: string;
	lastSyncedAt: string;
	accounts: Array<IDataObject & { id: string; name: string; isMapped: boolean }>;
	orgServices: Array<IDataObject & { id: string; name: string; isMapped: boolean }>;
	unitCounts: Array<{ serviceId: string; accountId: string; unitCount: number; writes: number }>;
	billingBuilds: number;
	alerts: IDataObject[];
}

export interface EmulatorState {
	vendors: Array<IDataObject & { skus: Array<IDataObject & { id: string; name: string }>; partners: PartnerState[] }>;
}

export interface NodeError extends Error {
	description?: string;
	context?: IDataObject;
	httpCode?: string | null;
}

export interface RunResult {
	items: INodeExecutionData[];
	error: NodeError | undefined;
	runData: IRunData;
	/** How often the node had n8n read the credential (in n8n's CLI, a database read and a decryption each). */
	credentialReads: number;
	/** The workflow static data n8n would save after this run, to pass to the next one. */
	staticData: IDataObject;
}

export interface RunOptions {
	resource: string;
	operation: string;
	parameters?: IDataObject;
	items?: IDataObject[];
	continueOnFail?: boolean;
	credentials?: Partial<ICredentialDataDecryptedObject>;
	/** 'manual': the editor's test run (the default); 'trigger': a published workflow's run. */
	mode?: 'manual' | 'trigger';
	/** The workflow static data an earlier run returned. */
	staticData?: IDataObject;
}

export interface PollOptions {
	event: string;
	/** Other parameters of the trigger, e.g. options.partnerApiKey. */
	parameters?: IDataObject;
	/** The workflow static data a previous poll returned. */
	staticData?: IDataObject;
	/** 'trigger': an active workflow's poll; 'manual': the editor's test run. */
	mode?: 'trigger' | 'manual';
	credentials?: Partial<ICredentialDataDecryptedObject>;
}

export interface PollResult {
	/** What the poll emitted (trigger) or returned (manual); empty when nothing. */
	items: INodeExecutionData[];
	/** Whether the poll produced any output at all (null answers start no execution). */
	produced: boolean;
	/** The workflow static data after the poll, to pass to the next one. */
	staticData: IDataObject;
	staticDataChanged: boolean;
	error: NodeError | undefined;
}

/** Vendor with two services; partner A has mapped both services and two of three accounts. */
export function defaultSeed(): IDataObject {
	return {
		vendors: [
			{
				apiKey: VENDOR_KEY,
				id: VENDOR_ID,
				name: 'Test Vendor',
				description: 'Vendor of the integration tests',
				skus: [
					{
						id: SERVER_SKU,
						name: 'Server Backup',
						description: 'Backup of one server',
						category: 'backup',
						subcategory: 'cloud backup',
					},
					{
						id: WORKSTATION_SKU,
						name: 'Workstation Backup',
						description: 'Backup of one workstation',
						category: 'backup',
						subcategory: 'desktop backup',
					},
				],
				partners: [
					{
						apiKey: PARTNER_A_KEY,
						organizationId: PARTNER_A_ORG,
						name: 'Partner A MSP',
						status: 'pending',
						accounts: [
							{ id: 'a-1', name: 'Alpha Ltd', description: 'alpha.example', mapped: true },
							{ id: 'a-2', name: 'Beta Ltd', description: 'beta.example', mapped: true },
							{ id: 'a-3', name: 'Gamma Ltd', description: 'gamma.example' },
						],
						mappedSkuIds: [SERVER_SKU, WORKSTATION_SKU],
					},
					{
						apiKey: PARTNER_B_KEY,
						organizationId: PARTNER_B_ORG,
						name: 'Partner B MSP',
						status: 'inactive',
						accounts: [],
						mappedSkuIds: [SERVER_SKU],
						clients: Array.from({ length: 120 }, (_, index) => ({
							id: `client-${String(index).padStart(3, '0')}`,
							name: `Client ${index}`,
						})),
					},
				],
			},
		],
	};
}

interface Emulator {
	url: string;
	close(): Promise<void>;
}

interface Harness {
	runNode(options: IDataObject): Promise<{
		outputs: INodeExecutionData[][] | undefined;
		error: NodeError | undefined;
		runData: IRunData;
		credentialsHelper: { reads: number };
		staticData: IDataObject;
	}>;
	testCredential(options: IDataObject): Promise<{ status: 'OK' | 'Error'; message: string }>;
	runListSearch(options: IDataObject): Promise<INodeListSearchResult>;
	runPoll(options: IDataObject): Promise<{
		outputs: INodeExecutionData[][] | null;
		staticData: IDataObject;
		staticDataChanged: boolean;
		error: NodeError | undefined;
	}>;
}

export class GradientWorld {
	private started?: { emulator: Emulator; harness: Harness };

	async start(options: IDataObject = {}): Promise<void> {
		const { startEmulator } = await import('../emulator/server.mjs' as string);
		const harness = (await import('../harness/n8n.mjs' as string)) as Harness;
		this.started = { emulator: await startEmulator({ seed: defaultSeed(), ...options }), harness };
	}

	private get emulator(): Emulator {
		if (!this.started) throw new Error('GradientWorld used before start()');
		return this.started.emulator;
	}

	private get harness(): Harness {
		if (!this.started) throw new Error('GradientWorld used before start()');
		return this.started.harness;
	}

	get url(): string {
		return this.emulator.url;
	}

	async stop(): Promise<void> {
		await this.started?.emulator.close();
	}

	credentials(overrides: Partial<ICredentialDataDecryptedObject> = {}): ICredentialDataDecryptedObject {
		return { vendorApiKey: VENDOR_KEY, partnerApiKey: PARTNER_A_KEY, baseUrl: this.url, ...overrides };
	}

	/** Runs the Gradient node in n8n-core on the given input items. */
	async run({ resource, operation, parameters = {}, items = [{}], continueOnFail = false, credentials, mode, staticData }: RunOptions) {
		const result = await this.harness.runNode({
			nodeTypes: { [NODE_TYPE]: new Gradient() },
			nodeType: NODE_TYPE,
			parameters: { resource, operation, ...parameters },
			items,
			credentials: { gradientApi: this.credentials(credentials) },
			credentialTypes: { gradientApi: new GradientApi() },
			continueOnFail,
			mode,
			staticData,
		});
		return {
			items: result.outputs?.[0] ?? [],
			error: result.error,
			runData: result.runData,
			credentialReads: result.credentialsHelper.reads,
			staticData: result.staticData,
		} as RunResult;
	}

	/** Runs the Gradient MSP Trigger's poll() once in n8n-core, from the given static data. */
	async poll({ event, parameters = {}, staticData = {}, mode = 'trigger', credentials }: PollOptions): Promise<PollResult> {
		const result = await this.harness.runPoll({
			nodeTypes: { [TRIGGER_NODE_TYPE]: new GradientTrigger() },
			nodeType: TRIGGER_NODE_TYPE,
			parameters: { event, ...parameters },
			credentials: { gradientApi: this.credentials(credentials) },
			credentialTypes: { gradientApi: new GradientApi() },
			staticData,
			mode,
		});
		return {
			items: result.outputs?.[0] ?? [],
			produced: result.outputs !== null,
			staticData: result.staticData,
			staticDataChanged: result.staticDataChanged,
			error: result.error,
		};
	}

	/** The editor's list search of the Gradient node's resource locators, e.g. searchAccounts. */
	async listSearch(methodName: string, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		return await this.harness.runListSearch({
			nodeTypes: { [NODE_TYPE]: new Gradient() },
			nodeType: NODE_TYPE,
			methodName,
			filter,
			paginationToken,
			credentials: { gradientApi: this.credentials() },
			credentialTypes: { gradientApi: new GradientApi() },
		});
	}

	async testCredential(overrides: Partial<ICredentialDataDecryptedObject> = {}) {
		return await this.harness.testCredential({
			credentialType: 'gradientApi',
			credentialTypes: { gradientApi: new GradientApi() },
			data: this.credentials(overrides),
		});
	}

	private async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}/__emulator${path}`, {
			method,
			headers: body === undefined ? undefined : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok) throw new Error(`emulator admin ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
		return (response.status === 204 ? undefined : await response.json()) as T;
	}

	/** Back to the seed, with an empty journal. */
	async reset(seed: IDataObject = defaultSeed()) {
		await this.admin('POST', '/reset', { seed });
	}

	async state(): Promise<EmulatorState> {
		return await this.admin<EmulatorState>('GET', '/state');
	}

	async partner(organizationId: string): Promise<PartnerState> {
		const state = await this.state();
		const partner = state.vendors.flatMap((vendor) => vendor.partners).find((entry) => entry.organizationId === organizationId);
		if (!partner) throw new Error(`no partner ${organizationId} in the emulator`);
		return partner;
	}

	async journal(): Promise<JournalEntry[]> {
		return await this.admin<JournalEntry[]>('GET', '/journal');
	}

	async clearJournal() {
		await this.admin('DELETE', '/journal');
	}

	async map(body: IDataObject) {
		await this.admin('POST', '/map', body);
	}

	/** The MSP disconnects in Synthesize: its accounts are deleted, its status becomes inactive. */
	async disconnect(organizationId: string) {
		await this.admin('POST', '/disconnect', { organizationId });
	}

	async advanceAlert(messageId: string, body: IDataObject) {
		await this.admin('POST', `/alerts/${messageId}`, body);
	}

	async forbid(organizationId: string, forbidden = true) {
		await this.admin('POST', '/forbid', { organizationId, forbidden });
	}

	/** Latency, rate limit, faults or readings (each given one replaced), until the next reset. */
	async configure(settings: IDataObject) {
		await this.admin('POST', '/config', settings);
	}

	async script(entries: IDataObject[]) {
		await this.admin('POST', '/script', { entries });
	}
}

/** One emulator per test file, reset to the default seed before every test. */
export function useGradientWorld(options: IDataObject = {}): GradientWorld {
	const world = new GradientWorld();
	beforeAll(async () => await world.start(options));
	afterAll(async () => await world.stop());
	beforeEach(async () => await world.reset());
	return world;
}

/** Every secret a run could leak, raw and as the GRADIENT-TOKEN it makes. */
export function secretsOf(...partnerKeys: string[]): string[] {
	return [
		VENDOR_KEY,
		...partnerKeys,
		...partnerKeys.map((partnerKey) => Buffer.from(`${VENDOR_KEY}:${partnerKey}`).toString('base64')),
	];
}

export function jsonOf(items: INodeExecutionData[]): IDataObject[] {
	return items.map((item) => item.json);
}

/** The trigger's own part of the workflow static data (n8n keys it by node name). */
export function triggerState(staticData: IDataObject): IDataObject | undefined {
	return staticData[`node:${NODE_UNDER_TEST}`] as IDataObject | undefined;
}
