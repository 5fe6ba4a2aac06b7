#!/usr/bin/env node
// The main job, end to end: the example workflows run in a real n8n with this package loaded.
//
//   npm run demo              against the embedded Gradient emulator (no network at all)
//   npm run demo -- --ui      the same set-up, then the n8n editor on http://localhost:5678
//
// With GRADIENT_VENDOR_API_KEY and GRADIENT_PARTNER_API_KEY set (and GRADIENT_BASE_URL for
// a host other than Gradient's), it runs only the read-only connection check against that
// Gradient instead: the other examples write demo data, which belongs in an emulator.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildPackage } from './measurement.mjs';
import { startEmulator } from '../test/emulator/server.mjs';
import { N8nInstance } from '../test/e2e/n8nInstance.mjs';
import { freePort } from '../test/e2e/ports.mjs';
import { lastNodeItems, nodeItems } from '../test/e2e/runData.mjs';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EDITOR_PORT = 5678;
const CREDENTIAL = { id: 'gradientExample1', name: 'Gradient MSP account', type: 'gradientApi' };

function example(file) {
	return JSON.parse(readFileSync(path.join(repositoryRoot, 'examples', file), 'utf8'));
}

const EXAMPLES = {
	catalogue: example('service-catalogue.json'),
	onboarding: example('partner-onboarding.json'),
	sync: example('nightly-usage-sync.json'),
	alert: example('alert-to-psa-ticket.json'),
	check: example('connection-check.json'),
	// Imported for the editor (--ui), not run: its trigger waits for the partner to map accounts.
	pushOnMapping: example('push-usage-when-mapped.json'),
};

function count(items, predicate) {
	return items.filter(predicate).length;
}

function table(rows) {
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
	return rows.map((row) => `  ${row.map((cell, column) => String(cell).padEnd(widths[column])).join('   ')}`).join('\n');
}

async function prepareInstance({ name, baseUrl, vendorApiKey, partnerApiKey, ui }) {
	const instance = new N8nInstance({
		name,
		port: ui ? EDITOR_PORT : await freePort(),
		brokerPort: await freePort(),
	});
	instance.prepare();
	await instance.importCredentials([{ ...CREDENTIAL, data: { vendorApiKey, partnerApiKey, baseUrl } }]);
	await instance.importWorkflows(Object.values(EXAMPLES));
	return instance;
}

async function runAgainstEmulatorSummary(instance, emulator, emulatorUrl) {
	console.log(`\nRunning the example workflows in n8n against the embedded Gradient emulator (${emulatorUrl})\n`);

	const catalogue = lastNodeItems(await instance.execute(EXAMPLES.catalogue.id));
	const actions = (items) => ['created', 'updated', 'unchanged'].map((action) => `${count(items, (item) => item.action === action)} ${action}`).join(', ');
	console.log(`1. Service catalogue upsert: ${actions(catalogue)}`);

	const onboardingRun = await instance.execute(EXAMPLES.onboarding.id);
	const partners = nodeItems(onboardingRun, 'Mark partner pending');
	const accounts = nodeItems(onboardingRun, 'Create or update accounts');
	const customers = nodeItems(onboardingRun, 'Customers of each partner');
	console.log('2. Partner onboarding: keys checked, status set, customer accounts upserted');
	console.log(
		table([
			['partner', 'status', 'accounts'],
			...partners.map((partner) => {
				const own = accounts.filter((_, index) => customers[index].partnerName === partner.name);
				return [partner.name, partner.status, actions(own)];
			}),
		]),
	);

	// In Synthesize, each MSP now maps your accounts and services to its PSA companies and
	// products. The emulator's admin surface plays that part.
	const fabrikam = emulator.state().vendors[0].partners.find((partner) => partner.name === 'Fabrikam IT');
	emulator.map({ organizationId: fabrikam.organizationId, accountIds: '*' });
	console.log('   (Fabrikam IT maps its accounts in Synthesize; Northwind MSP leaves Litware Inc unmapped)');

	const summary = lastNodeItems(await instance.execute(EXAMPLES.sync.id));
	console.log('3. Nightly usage sync (per-item partner keys, one execution for every partner):');
	console.log(
		table([
			['partner', 'accounts created', 'counts set', 'unmapped', 'failed'],
			...summary.map((row) => [row.partner, row.accountsCreated, row.set, row.unmapped, row.failed]),
		]),
	);

	const [alertStatus] = lastNodeItems(await instance.execute(EXAMPLES.alert.id));
	console.log(`4. Alert sent to Northwind MSP's PSA: message ${alertStatus.messageId}, ticket ${alertStatus.status}`);

	const state = emulator.state();
	console.log('\nWhat the emulator holds now (Gradient\'s side):');
	console.log(
		table([
			['partner', 'status', 'accounts', 'counts stored', 'billing rebuilds', 'alerts'],
			...state.vendors[0].partners.map((partner) => [
				partner.name,
				partner.status,
				partner.accounts.length,
				partner.unitCounts.length,
				partner.billingBuilds,
				partner.alerts.length,
			]),
		]),
	);
}

async function runConnectionCheck(instance, baseUrl) {
	console.log(`\nRunning the read-only connection check in n8n against ${baseUrl}\n`);
	const run = await instance.execute(EXAMPLES.check.id);
	const [vendor] = nodeItems(run, 'Vendor profile');
	const [partner] = nodeItems(run, 'Partner integration');
	const accounts = nodeItems(run, 'Partner accounts');
	console.log(`Vendor:  ${vendor.name} (${(vendor.skus ?? []).length} services)`);
	console.log(`Partner: ${partner.name}, status ${partner.status}, last synced ${partner.lastSyncedAt}`);
	console.log(`Accounts: ${accounts.length} (${count(accounts, (account) => account.isMapped)} mapped)`);
}

async function main() {
	const ui = process.argv.includes('--ui');
	const vendorApiKey = process.env.GRADIENT_VENDOR_API_KEY;
	const partnerApiKey = process.env.GRADIENT_PARTNER_API_KEY;
	const useRealGradient = Boolean(vendorApiKey && partnerApiKey);

	buildPackage();
	let emulatorHandle;
	let instance;
	try {
		if (useRealGradient) {
			const baseUrl = process.env.GRADIENT_BASE_URL ?? 'https://app.usegradient.com';
			instance = await prepareInstance({ name: 'demo', baseUrl, vendorApiKey, partnerApiKey, ui });
			if (!ui) await runConnectionCheck(instance, baseUrl);
		} else {
			emulatorHandle = await startEmulator({ port: ui ? 8787 : 0 });
			const seed = JSON.parse(readFileSync(path.join(repositoryRoot, 'test/emulator/seed.default.json'), 'utf8'));
			const demoVendor = seed.vendors[0];
			instance = await prepareInstance({
				name: 'demo',
				baseUrl: emulatorHandle.url,
				vendorApiKey: demoVendor.apiKey,
				partnerApiKey: demoVendor.partners[0].apiKey,
				ui,
			});
			if (!ui) await runAgainstEmulatorSummary(instance, emulatorHandle.emulator, emulatorHandle.url);
		}
		if (ui) {
			await instance.start();
			console.log(`\nn8n is running at ${instance.url} with the Gradient MSP node, the credential and the example workflows.`);
			if (emulatorHandle) console.log(`The Gradient emulator is at ${emulatorHandle.url} (admin: ${emulatorHandle.url}/__emulator/state).`);
			console.log('Press Ctrl+C to stop.');
			// `on`, not `once`: Ctrl+C may arrive twice (from the terminal and through the Node 24
			// wrapper), and a second, unhandled one would kill this process before n8n is stopped.
			await new Promise((resolve) => {
				process.on('SIGINT', resolve);
				process.on('SIGTERM', resolve);
			});
		}
	} finally {
		await instance?.stop();
		await emulatorHandle?.close();
	}
}

main().catch((error) => {
	console.error(error.message ?? error);
	process.exitCode = 1;
});
