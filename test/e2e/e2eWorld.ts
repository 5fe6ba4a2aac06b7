// End-to-end world: the Gradient emulator in this process and a real n8n (child processes)
// with the packed package, its credential and the example workflows imported.
/// <reference types="node" />
import type { IDataObject } from 'n8n-workflow';

import type { EmulatorState, JournalEntry } from '../integration/gradientWorld';

export type N8nRun = IDataObject;

interface Instance {
	url: string;
	prepare(): Instance;
	importCredentials(credentials: IDataObject[]): Promise<void>;
	importWorkflows(workflows: IDataObject[]): Promise<void>;
	n8n(args: string[]): Promise<string>;
	execute(workflowId: string): Promise<N8nRun>;
	executeInBackground(workflowId: string): { kill(): void; ended: Promise<{ code: number | null; signal: string | null }> };
	databaseBytes(): Buffer;
	start(): Promise<Instance>;
	serverOutput: string;
	printed(text: string): Promise<void>;
	stop(): Promise<void>;
}

interface EmulatorHandle {
	url: string;
	close(): Promise<void>;
	emulator: {
		state(): EmulatorState;
		journal(): { entries(): JournalEntry[]; clear(): void };
		map(body: IDataObject): unknown;
		reset(body?: IDataObject): unknown;
		configure(settings: IDataObject): unknown;
	};
}

interface RunDataReaders {
	nodeItems(run: N8nRun, nodeName: string): IDataObject[];
	lastNodeItems(run: N8nRun): IDataObject[];
	runError(run: N8nRun): (IDataObject & { message: string }) | undefined;
}

export const CREDENTIAL = { id: 'gradientExample1', name: 'Gradient MSP account', type: 'gradientApi' };
export const DEMO_VENDOR_KEY = 'demo-vendor-key';
export const DEMO_PARTNER_KEYS = ['demo-partner-key-1', 'demo-partner-key-2'];

// Loaded synchronously (jest's require(esm), Node 24): suites name the n8n release while jest
// collects them. A variable specifier keeps tsc from wanting declarations.
const n8nRuntimePath = '../../scripts/n8nRuntime.mjs';
/** The n8n releases the package is tested in: the pinned 2.x (the default) and the newest 1.x. */
export const { N8N_VERSION, N8N_1X_VERSION } = jest.requireActual(n8nRuntimePath) as { N8N_VERSION: string; N8N_1X_VERSION: string };

export class E2eWorld {
	emulator!: EmulatorHandle;
	n8n!: Instance;
	runData!: RunDataReaders;
	private modules!: { freePort(): Promise<number> };

	async start(name: string, workflows: IDataObject[], version = N8N_VERSION): Promise<void> {
		const { startEmulator } = await import('../emulator/server.mjs' as string);
		const { N8nInstance } = await import('./n8nInstance.mjs' as string);
		this.runData = (await import('./runData.mjs' as string)) as RunDataReaders;
		this.modules = await import('./ports.mjs' as string);
		this.emulator = await startEmulator({});
		this.n8n = new N8nInstance({
			name,
			version,
			port: await this.modules.freePort(),
			brokerPort: await this.modules.freePort(),
		});
		this.n8n.prepare();
		await this.n8n.importCredentials([
			{
				...CREDENTIAL,
				data: { vendorApiKey: DEMO_VENDOR_KEY, partnerApiKey: DEMO_PARTNER_KEYS[0], baseUrl: this.emulator.url },
			},
		]);
		await this.n8n.importWorkflows(workflows);
	}

	async stop(): Promise<void> {
		try {
			await this.n8n?.stop();
		} finally {
			await this.emulator?.close();
		}
	}

	state(): EmulatorState {
		return this.emulator.emulator.state();
	}

	journal(): JournalEntry[] {
		return this.emulator.emulator.journal().entries();
	}

	clearJournal(): void {
		this.emulator.emulator.journal().clear();
	}

	partner(name: string) {
		const partner = this.state().vendors[0].partners.find((entry) => entry.name === name);
		if (!partner) throw new Error(`no partner named ${name}`);
		return partner;
	}
}
