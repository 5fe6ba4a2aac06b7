import type { IDataObject } from 'n8n-workflow';

import type { PollOptions } from './gradientWorld';
import {
	defaultSeed,
	useGradientWorld,
	PARTNER_A_KEY,
	PARTNER_A_ORG,
	PARTNER_B_KEY,
	PARTNER_B_ORG,
	VENDOR_ID,
	jsonOf,
	secretsOf,
	triggerState,
} from './gradientWorld';

const INTEGRATION_PATH = '/api/vendor-api/organization';
const ACCOUNTS_PATH = '/api/vendor-api/organization/accounts';

describe('Gradient MSP Trigger', () => {
	const world = useGradientWorld();

	/** One trigger node of an active workflow: each poll starts from the static data the last one left. */
	function watch(event: string, parameters: IDataObject = {}) {
		let staticData: IDataObject = {};
		return {
			async poll(mode: PollOptions['mode'] = 'trigger', credentials?: PollOptions['credentials']) {
				const result = await world.poll({ event, parameters, staticData, mode, credentials });
				staticData = result.staticData;
				return result;
			},
			get state() {
				return triggerState(staticData);
			},
		};
	}

	async function mappingIdOf(organizationId: string, accountId: string): Promise<string> {
		const account = (await world.partner(organizationId)).accounts.find((entry) => entry.id === accountId);
		if (typeof account?.mappingId !== 'string') throw new Error(`account ${accountId} has no mapping`);
		return account.mappingId;
	}

	async function mappedItem(organizationId: string, accountId: string) {
		const account = (await world.partner(organizationId)).accounts.find((entry) => entry.id === accountId);
		return {
			accountId,
			name: account?.name,
			description: account?.description,
			mappingId: await mappingIdOf(organizationId, accountId),
			organizationId,
			partnerName: organizationId === PARTNER_A_ORG ? 'Partner A MSP' : 'Partner B MSP',
		};
	}

	async function createAccounts(accounts: Array<{ id: string; name: string }>, partnerApiKey?: string) {
		const created = await world.run({
			resource: 'account',
			operation: 'create',
			parameters: {
				accountId: '={{ $json.id }}',
				name: '={{ $json.name }}',
				...(partnerApiKey ? { options: { partnerApiKey } } : {}),
			},
			items: accounts,
		});
		expect(created.error).toBeUndefined();
	}

	describe('Account Mapped', () => {
		it('the first poll records the mapped accounts and emits nothing, with one read of the integration and one of the mapped accounts', async () => {
			const accounts = watch('accountMapped');
			const first = await accounts.poll();

			expect(first.error).toBeUndefined();
			expect(first.produced).toBe(false);
			expect(first.staticDataChanged).toBe(true);
			expect(accounts.state).toEqual({
				event: 'accountMapped',
				organizationId: PARTNER_A_ORG,
				vendorId: VENDOR_ID,
				mappedAccounts: [
					{ accountId: 'a-1', mappingId: await mappingIdOf(PARTNER_A_ORG, 'a-1') },
					{ accountId: 'a-2', mappingId: await mappingIdOf(PARTNER_A_ORG, 'a-2') },
				],
			});
			expect((await world.journal()).map((entry) => [entry.method, entry.path, entry.query])).toEqual([
				['GET', INTEGRATION_PATH, {}],
				['GET', ACCOUNTS_PATH, { returnUnmapped: 'false' }],
			]);
		});

		it('emits exactly the accounts mapped since the last poll, once', async () => {
			const accounts = watch('accountMapped');
			await accounts.poll();
			await createAccounts([{ id: 'a-4', name: 'Delta Ltd' }]);
			await world.map({ organizationId: PARTNER_A_ORG, accountIds: ['a-3', 'a-4'], mapped: true });

			const next = await accounts.poll();
			expect(next.error).toBeUndefined();
			expect(jsonOf(next.items)).toEqual([await mappedItem(PARTNER_A_ORG, 'a-3'), await mappedItem(PARTNER_A_ORG, 'a-4')]);
			expect(jsonOf(next.items)[0]).toEqual(
				expect.objectContaining({ accountId: 'a-3', name: 'Gamma Ltd', description: 'gamma.example', partnerName: 'Partner A MSP' }),
			);

			const again = await accounts.poll();
			expect(again.produced).toBe(false);
			expect(again.staticDataChanged).toBe(false);
		});

		it('a poll Gradient keeps refusing fails within seconds instead of waiting like a run, and the next poll emits what it missed', async () => {
			const accounts = watch('accountMapped');
			await accounts.poll();
			const recorded = structuredClone(accounts.state);
			await world.map({ organizationId: PARTNER_A_ORG, accountIds: ['a-3'], mapped: true });
			await world.script([
				{ match: { method: 'GET', pathPrefix: ACCOUNTS_PATH }, respond: { status: 429, headers: { 'Retry-After': '20' }, body: { statusCode: 429, message: 'Request limit reached' } } },
			]);

			await world.clearJournal();
			const refused = await accounts.poll();
			// Asked to wait 20 s, more than a poll waits in all: it gives up on the spot, sending nothing more.
			expect((await world.journal()).map((entry) => entry.status)).toEqual([200, 429]);
			expect(refused.error?.constructor.name).toBe('NodeApiError');
			expect(refused.error?.message).toContain("Gradient's rate limit was reached (HTTP 429)");
			expect(refused.produced).toBe(false);
			expect(accounts.state).toEqual(recorded);

			expect(jsonOf((await accounts.poll()).items)).toEqual([await mappedItem(PARTNER_A_ORG, 'a-3')]);
		});

		it('an account unmapped and mapped again emits again, whether a poll saw the gap or not', async () => {
			const accounts = watch('accountMapped');
			await accounts.poll();

			await world.map({ organizationId: PARTNER_A_ORG, accountIds: ['a-1'], mapped: false });
			expect((await accounts.poll()).produced).toBe(false);
			expect((accounts.state?.mappedAccounts as IDataObject[]).map((entry) => entry.accountId)).toEqual(['a-2']);

			await world.map({ organizationId: PARTNER_A_ORG, accountIds: ['a-1'], mapped: true });
			expect(jsonOf((await accounts.poll()).items)).toEqual([await mappedItem(PARTNER_A_ORG, 'a-1')]);

			const before = await mappingIdOf(PARTNER_A_ORG, 'a-2');
			await world.map({ organizationId: PARTNER_A_ORG, accountIds: ['a-2'], mapped: false });
			await world.map({ organizationId: PARTNER_A_ORG, accountIds: ['a-2'], mapped: true });
			expect(await mappingIdOf(PARTNER_A_ORG, 'a-2')).not.toBe(before);
			expect(jsonOf((await accounts.poll()).items)).toEqual([await mappedItem(PARTNER_A_ORG, 'a-2')]);
		});

		it('a disconnect in Synthesize is noticed: Status Changed fires, and the re-created accounts emit again once mapped', async () => {
			const accounts = watch('accountMapped');
			const status = watch('statusChanged');
			await accounts.poll();
			await status.poll();

			await world.disconnect(PARTNER_A_ORG);
			expect(jsonOf((await status.poll()).items)).toEqual([
				expect.objectContaining({ organizationId: PARTNER_A_ORG, previousStatus: 'pending', status: 'inactive' }),
			]);
			expect((await accounts.poll()).produced).toBe(false);
			expect(accounts.state?.mappedAccounts).toEqual([]);

			await createAccounts([
				{ id: 'a-1', name: 'Alpha Ltd' },
				{ id: 'a-2', name: 'Beta Ltd' },
			]);
			expect((await accounts.poll()).produced).toBe(false);
			await world.map({ organizationId: PARTNER_A_ORG, accountIds: ['a-1', 'a-2'], mapped: true });
			expect(jsonOf((await accounts.poll()).items).map((json) => json.accountId)).toEqual(['a-1', 'a-2']);
		});
	});

	describe('Status Changed', () => {
		it('the first poll records the status; each change then emits the integration with its previous and new status, once', async () => {
			const status = watch('statusChanged');
			const first = await status.poll();
			expect(first.produced).toBe(false);
			expect(status.state).toEqual({ event: 'statusChanged', organizationId: PARTNER_A_ORG, vendorId: VENDOR_ID, status: 'pending' });
			expect((await world.journal()).map((entry) => [entry.method, entry.path])).toEqual([['GET', INTEGRATION_PATH]]);

			const updated = await world.run({ resource: 'partner', operation: 'updateStatus', parameters: { status: 'active' } });
			expect(updated.error).toBeUndefined();
			const changed = await status.poll();
			const partner = await world.partner(PARTNER_A_ORG);
			expect(jsonOf(changed.items)).toEqual([
				{
					organizationId: PARTNER_A_ORG,
					name: 'Partner A MSP',
					vendorId: expect.any(String),
					vendorName: 'Test Vendor',
					integrationId: expect.any(String),
					lastSyncedAt: partner.lastSyncedAt,
					previousStatus: 'pending',
					status: 'active',
				},
			]);
			expect((await status.poll()).produced).toBe(false);

			await world.run({ resource: 'partner', operation: 'updateStatus', parameters: { status: 'inactive' } });
			expect(jsonOf((await status.poll()).items)).toEqual([expect.objectContaining({ previousStatus: 'active', status: 'inactive' })]);
			expect(status.state?.status).toBe('inactive');
		});
	});

	describe('manual run', () => {
		it('Account Mapped outputs every mapped account and leaves the stored state to the active polls', async () => {
			const accounts = watch('accountMapped');
			await accounts.poll();
			const recorded = structuredClone(accounts.state);
			await world.map({ organizationId: PARTNER_A_ORG, accountIds: ['a-3'], mapped: true });

			const manual = await accounts.poll('manual');
			expect(manual.error).toBeUndefined();
			expect(jsonOf(manual.items)).toEqual([
				await mappedItem(PARTNER_A_ORG, 'a-1'),
				await mappedItem(PARTNER_A_ORG, 'a-2'),
				await mappedItem(PARTNER_A_ORG, 'a-3'),
			]);
			expect(manual.staticDataChanged).toBe(false);
			expect(accounts.state).toEqual(recorded);

			// The change the manual run showed is still news for the active workflow.
			expect(jsonOf((await accounts.poll()).items).map((json) => json.accountId)).toEqual(['a-3']);
		});

		it('Account Mapped outputs nothing when the partner has mapped no account yet, and records nothing', async () => {
			const result = await world.poll({ event: 'accountMapped', mode: 'manual', parameters: { options: { partnerApiKey: PARTNER_B_KEY } } });
			expect(result.error).toBeUndefined();
			expect(result.produced).toBe(false);
			expect(triggerState(result.staticData)).toBeUndefined();
		});

		it('Status Changed outputs the integration with its status and no previous status', async () => {
			const result = await world.poll({ event: 'statusChanged', mode: 'manual' });
			expect(jsonOf(result.items)).toEqual([
				expect.objectContaining({ organizationId: PARTNER_A_ORG, name: 'Partner A MSP', previousStatus: null, status: 'pending' }),
			]);
			expect(result.staticDataChanged).toBe(false);
			expect(triggerState(result.staticData)).toBeUndefined();
		});
	});

	describe('Partner API Key option', () => {
		it("watches that partner instead of the credential's; another partner starts over", async () => {
			const accounts = watch('accountMapped', { options: { partnerApiKey: PARTNER_B_KEY } });
			await accounts.poll();
			expect(accounts.state).toEqual({ event: 'accountMapped', organizationId: PARTNER_B_ORG, vendorId: VENDOR_ID, mappedAccounts: [] });

			await createAccounts([{ id: 'b-1', name: 'Bravo' }], PARTNER_B_KEY);
			await world.map({ organizationId: PARTNER_B_ORG, accountIds: ['b-1'], mapped: true });
			await world.clearJournal();
			const mapped = await accounts.poll();
			expect(jsonOf(mapped.items)).toEqual([await mappedItem(PARTNER_B_ORG, 'b-1')]);
			expect((await world.journal()).map((entry) => entry.organizationId)).toEqual([PARTNER_B_ORG, PARTNER_B_ORG]);

			// The same node, now on the credential's partner A, whose two mapped accounts are not news.
			const switched = await world.poll({ event: 'accountMapped', staticData: mapped.staticData });
			expect(switched.produced).toBe(false);
			expect(triggerState(switched.staticData)).toEqual(expect.objectContaining({ organizationId: PARTNER_A_ORG }));
		});

		it("a credential switched to another vendor of the same MSP starts over instead of reporting that vendor's mapped accounts", async () => {
			const seed = defaultSeed();
			const [vendor] = seed.vendors as IDataObject[];
			const [partnerA] = vendor.partners as IDataObject[];
			const otherVendor = {
				...vendor,
				apiKey: 'other-vendor-key',
				id: '6480cccc0000000000000001',
				name: 'Other Vendor',
				skus: [],
				partners: [{ ...partnerA, apiKey: 'other-partner-key', mappedSkuIds: [], accounts: [{ id: 'o-1', name: 'Omega Ltd', mapped: true }] }],
			};
			await world.reset({ vendors: [vendor, otherVendor] });

			const accounts = watch('accountMapped');
			await accounts.poll();
			const switched = await accounts.poll('trigger', { vendorApiKey: 'other-vendor-key', partnerApiKey: 'other-partner-key' });
			expect(switched.error).toBeUndefined();
			expect(switched.produced).toBe(false);
			expect(accounts.state).toEqual(expect.objectContaining({ organizationId: PARTNER_A_ORG, vendorId: '6480cccc0000000000000001' }));
		});

		it('set but empty is an error, and nothing is sent', async () => {
			const result = await world.poll({ event: 'statusChanged', parameters: { options: { partnerApiKey: '  ' } } });
			expect(result.error?.constructor.name).toBe('NodeOperationError');
			expect(result.error?.message).toBe('Partner API Key (options.partnerApiKey) is set but empty');
			expect(await world.journal()).toEqual([]);
		});
	});

	it("a rejected key is Gradient's NodeApiError as the transport raised it, and the stored state survives", async () => {
		const status = watch('statusChanged');
		await status.poll();
		const recorded = structuredClone(status.state);

		for (const mode of ['trigger', 'manual'] as const) {
			const failed = await status.poll(mode, { partnerApiKey: 'revoked-partner-key' });
			expect(failed.error?.constructor.name).toBe('NodeApiError');
			expect(failed.error?.message).toBe('Gradient did not accept the API keys (HTTP 401)');
			expect(failed.produced).toBe(false);
			expect(failed.staticDataChanged).toBe(false);
			expect(status.state).toEqual(recorded);
		}
	});

	it('no key or token appears in what the trigger emits or stores', async () => {
		const seen: unknown[] = [];
		for (const event of ['accountMapped', 'statusChanged']) {
			for (const partnerApiKey of [undefined, PARTNER_B_KEY]) {
				const watcher = watch(event, partnerApiKey ? { options: { partnerApiKey } } : {});
				seen.push(await watcher.poll('manual'), await watcher.poll());
			}
		}
		await world.map({ organizationId: PARTNER_A_ORG, accountIds: ['a-3'], mapped: true });
		const accounts = watch('accountMapped');
		await accounts.poll();
		await world.map({ organizationId: PARTNER_A_ORG, accountIds: ['a-1'], mapped: false });
		await world.map({ organizationId: PARTNER_A_ORG, accountIds: ['a-1'], mapped: true });
		const emitted = await accounts.poll();
		expect(emitted.items).toHaveLength(1);
		seen.push(emitted);

		const everything = JSON.stringify(seen.map((result) => ({ ...(result as IDataObject) })));
		expect(everything).toContain(PARTNER_B_ORG);
		for (const secret of secretsOf(PARTNER_A_KEY, PARTNER_B_KEY)) expect(everything).not.toContain(secret);
	});
});
