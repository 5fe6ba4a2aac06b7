// Drives the real n8n editor in headless Chromium for test/e2e/editor.test.ts: a Gradient
// emulator and an n8n instance with the packed package and a credential, the owner account,
// and a browser session that works the editor the way a person does.
//
// The selectors below are n8n's own data-test-id attributes as of n8n 2.41 (the ones n8n's
// Playwright suite uses); they are the part most likely to change with an n8n upgrade.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium, selectors } from 'playwright-core';

import { startEmulator } from '../emulator/server.mjs';
import { N8nInstance } from './n8nInstance.mjs';
import { freePort } from './ports.mjs';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCREENSHOT_FOLDER = path.join(repositoryRoot, 'artifacts', 'editor');

export const CHROMIUM_EXECUTABLE = '/usr/bin/chromium';
export const CHROMIUM_INSTALL_HINT = 'apt-get install -y chromium chromium-driver';

const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-quic',
	'--no-first-run',
	'--disable-component-update',
	'--disable-sync',
];
// Small enough for a committed PNG, wide enough for n8n's three-pane node view.
const VIEWPORT = { width: 1280, height: 800 };
const WIDE_VIEWPORT = { width: 2560, height: 640 };
// A run of the example workflow against the emulator takes seconds; n8n's editor reports it when done.
const RUN_TIMEOUT_MS = 60_000;
// The editor is a large single-page app on a busy CI machine: generous, but far below jest's.
const ACTION_TIMEOUT_MS = 30_000;

/** Whether Chromium is there; when not, says on the console why the editor test is skipped. */
export function chromiumIsInstalled() {
	if (existsSync(CHROMIUM_EXECUTABLE)) return true;
	console.warn(`Skipping the n8n editor test: no Chromium at ${CHROMIUM_EXECUTABLE}. Install it with \`${CHROMIUM_INSTALL_HINT}\` to run it.`);
	return false;
}

/**
 * The Gradient emulator and an n8n serving the editor, with one Gradient credential pointing at
 * the emulator. Fields are set as soon as each part runs, so stop() also cleans up after a start
 * that failed or was abandoned half way.
 */
export class EditorWorld {
	/** `workflows`: saved in n8n before it starts, for the editor to open. */
	async start({ instanceName, credential, workflows = [] }) {
		this.emulator = await startEmulator({});
		this.n8n = new N8nInstance({ name: instanceName, port: await freePort(), brokerPort: await freePort() });
		this.n8n.prepare();
		await this.n8n.importCredentials([{ ...credential, data: { ...credential.data, baseUrl: this.emulator.url } }]);
		if (workflows.length) await this.n8n.importWorkflows(workflows);
		await this.n8n.start();
		return this;
	}

	get n8nUrl() {
		return this.n8n.url;
	}

	/** A fresh n8n has no user; the first account created through this endpoint owns the instance. */
	async setUpOwner(owner) {
		const response = await fetch(`${this.n8n.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(owner),
		});
		if (!response.ok) throw new Error(`owner setup answered ${response.status}: ${await response.text()}`);
	}

	async stop() {
		try {
			await this.n8n?.stop();
		} finally {
			await this.emulator?.close();
		}
	}
}

export class EditorSession {
	async launch(n8nUrl) {
		this.n8nUrl = n8nUrl;
		// n8n marks its elements with data-test-id, not Playwright's default data-testid.
		selectors.setTestIdAttribute('data-test-id');
		// Every launch gets a new, empty temporary profile, removed again on close.
		this.browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS });
		const context = await this.browser.newContext({ viewport: VIEWPORT });
		context.setDefaultTimeout(ACTION_TIMEOUT_MS);
		this.page = await context.newPage();
		rmSync(SCREENSHOT_FOLDER, { recursive: true, force: true });
		mkdirSync(SCREENSHOT_FOLDER, { recursive: true });
		return this;
	}

	/** Signs in through n8n's sign-in form; fails with n8n's answer if the login is refused. */
	async signIn({ email, password }) {
		const { page } = this;
		await page.goto(`${this.n8nUrl}/signin`);
		await page.getByTestId('emailOrLdapLoginId').locator('input').fill(email);
		await page.getByTestId('password').locator('input').fill(password);
		const loginAnswer = page.waitForResponse((response) => new URL(response.url()).pathname === '/rest/login');
		await page.getByTestId('form-submit-button').click();
		const response = await loginAnswer;
		if (!response.ok()) throw new Error(`n8n refused the login (${response.status()}): ${await response.text()}`);
		await page.waitForURL((url) => url.pathname !== '/signin');
	}

	/** The node types the signed-in editor loaded, as n8n serves them to it. */
	async loadedNodeTypes() {
		return await this.page.evaluate(async () => {
			const response = await fetch('/types/nodes.json');
			if (!response.ok) throw new Error(`/types/nodes.json answered ${response.status}`);
			return (await response.json()).map((type) => type.name);
		});
	}

	/** Opens a saved workflow on the canvas; answers the names of the nodes it shows. */
	async openWorkflow(workflowId) {
		await this.page.goto(`${this.n8nUrl}/workflow/${workflowId}`);
		const nodes = this.page.getByTestId('canvas-node');
		await nodes.first().waitFor();
		return await nodes.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-node-name')));
	}

	/** Runs the open workflow with the editor's Execute Workflow button; waits until `lastNodeName` shows success. */
	async runWorkflow(lastNodeName) {
		await this.page.getByTestId('execute-workflow-button').first().click();
		await this.canvasNode(lastNodeName).getByTestId('canvas-node-status-success').waitFor({ timeout: RUN_TIMEOUT_MS });
	}

	/**
	 * Opens the named node's details, on a screen wide enough for its output table to show every
	 * column; answers the table's column headers.
	 */
	async openNodeOutput(nodeName) {
		await this.page.setViewportSize(WIDE_VIEWPORT);
		await this.canvasNode(nodeName).dblclick();
		const table = this.outputPanel().locator('table').first();
		await table.waitFor();
		return await table.locator('th').allInnerTexts();
	}

	/** Saves a screenshot of the node details' output panel alone, under artifacts/editor. */
	async screenshotOutput(name) {
		const file = path.join(SCREENSHOT_FOLDER, `${name}.png`);
		await this.outputPanel().screenshot({ path: file, animations: 'disabled' });
		return file;
	}

	outputPanel() {
		return this.page.getByTestId('output-panel');
	}

	canvasNode(name) {
		return this.page.getByTestId('canvas-node').and(this.page.locator(`[data-node-name="${name}"]`));
	}

	async createWorkflow() {
		await this.page.goto(`${this.n8nUrl}/workflow/new`);
		await this.page.getByTestId('node-creator-plus-button').waitFor();
	}

	/** Opens the node creator, searches, and waits for the named node among the results. */
	async findInNodeCreator(searchText, nodeName) {
		const { page } = this;
		await page.getByTestId('node-creator-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill(searchText);
		try {
			await this.nodeCreatorItem(nodeName).waitFor();
		} catch (error) {
			const listed = await this.nodeCreator().getByTestId('node-creator-item-name').allInnerTexts();
			throw new Error(`no "${nodeName}" among the node creator's results for "${searchText}": ${listed.join(', ')}`, {
				cause: error,
			});
		}
	}

	/**
	 * Picks a node in the node creator and answers the triggers and actions it lists, once
	 * `actionName` shows. On an empty canvas n8n offers a package's triggers first and folds
	 * its actions away.
	 */
	async openNodeInCreator(nodeName, actionName) {
		await this.nodeCreatorItem(nodeName).click();
		await this.nodeCreator().getByText(/^Triggers \(\d+\)$/).waitFor();
		const actionsHeader = this.nodeCreator().getByText(/^Actions \(\d+\)$/);
		await actionsHeader.click();
		await this.nodeCreatorItem(actionName).waitFor();
		return await this.nodeCreator().getByTestId('node-creator-item-name').allInnerTexts();
	}

	/** Picks one of the open node's actions; n8n adds the node and opens it. */
	async addAction(actionName) {
		await this.nodeCreatorItem(actionName).click();
		await this.nodeDetails().waitFor();
	}

	/** The node details view's header icon, as n8n rendered it. */
	async nodeDetailsIcon() {
		const icon = this.nodeDetails().locator('img').first();
		await icon.waitFor();
		// `naturalWidth` is 0 until the SVG has loaded and decoded, and stays 0 if it cannot.
		await icon.evaluate(
			(image) =>
				image.complete ||
				new Promise((resolve) => {
					image.addEventListener('load', resolve, { once: true });
					image.addEventListener('error', resolve, { once: true });
				}),
		);
		return await icon.evaluate((image) => ({ src: image.src, naturalWidth: image.naturalWidth }));
	}

	async selectedCredential() {
		return await this.nodeDetails().getByTestId('node-credentials-select').locator('input').inputValue();
	}

	/** Opens an options parameter's dropdown and answers the option names; it stays open. */
	async openOptions(parameterName) {
		await this.parameterInput(parameterName).click();
		const options = this.openDropdownOptions();
		await options.first().waitFor();
		// An option shows its name, then its description on the next line.
		return (await options.allInnerTexts()).map((text) => text.split('\n')[0].trim());
	}

	/** Chooses an option in the dropdown that openOptions() left open. */
	async chooseOption(optionName) {
		const option = this.openDropdownOptions().filter({ has: this.page.getByText(optionName, { exact: true }) });
		await option.click();
		await option.waitFor({ state: 'hidden' });
	}

	async parameterValue(parameterName) {
		return await this.parameterInput(parameterName).locator('input').first().inputValue();
	}

	/**
	 * Opens a resource locator's "From list" dropdown and answers the entries n8n loaded for it
	 * through the node's listSearch method; an empty or failed list fails with what it shows.
	 */
	async resourceLocatorEntries(parameterName) {
		const locator = this.page.getByTestId(`resource-locator-${parameterName}`);
		await locator.getByTestId('rlc-input').click();
		const entries = locator.getByTestId('rlc-item');
		try {
			await entries.first().waitFor();
		} catch (error) {
			const shown = await locator.getByRole('dialog').innerText().catch(() => '(no dropdown)');
			throw new Error(`the ${parameterName} list shows no entries; it shows: ${shown}`, { cause: error });
		}
		return await entries.allInnerTexts();
	}

	/** Saves a screenshot under artifacts/editor: scripts/screenshots.mjs publishes the ones the docs show. */
	async screenshot(name) {
		const file = path.join(SCREENSHOT_FOLDER, `${name}.png`);
		// Finished, not mid-fade: dropdowns animate in.
		await this.page.screenshot({ path: file, animations: 'disabled' });
		return file;
	}

	async close() {
		await this.browser?.close();
	}

	nodeCreator() {
		return this.page.getByTestId('node-creator');
	}

	nodeCreatorItem(name) {
		const exactName = this.page.getByTestId('node-creator-item-name').getByText(name, { exact: true });
		return this.nodeCreator().getByTestId('item-iterator-item').filter({ has: exactName });
	}

	nodeDetails() {
		return this.page.getByTestId('ndv');
	}

	parameterInput(parameterName) {
		return this.nodeDetails().getByTestId(`parameter-input-${parameterName}`);
	}

	/** n8n keeps closed dropdowns in the page; only the open one's options are visible. */
	openDropdownOptions() {
		return this.page.getByRole('option').filter({ visible: true });
	}
}
