import { useGradientWorld, PARTNER_A_KEY, PARTNER_A_ORG, PARTNER_B_KEY, PARTNER_B_ORG, SERVER_SKU, WORKSTATION_SKU, jsonOf } from './gradientWorld';

const byId = (serviceId: string) => ({ __rl: true, mode: 'id', value: serviceId });

describe('Usage → Set Unit Count', () => {
	const world = useGradientWorld();

	const setParameters = {
		serviceId: { __rl: true, mode: 'id', value: '={{ $json.service }}' },
		accountId: { __rl: true, mode: 'id', value: '={{ $json.account }}' },
		unitCount: '={{ $json.count }}',
		options: { partnerApiKey: '={{ $json.partnerKey }}' },
	};

	const setOne = {
		resource: 'usage',
		operation: 'set',
		parameters: { serviceId: byId(SERVER_SKU), accountId: { __rl: true, mode: 'id', value: 'a-1' }, unitCount: 1, options: { maxAttempts: 1 } },
	};

	it('sets every count of several partners, one billing rebuild each, unmapped is not an error', async () => {
		const rows = [
			{ partnerKey: PARTNER_A_KEY, account: 'a-1', service: SERVER_SKU, count: 3 },
			{ partnerKey: PARTNER_B_KEY, account: 'b-1', service: SERVER_SKU, count: 9 },
			{ partnerKey: PARTNER_A_KEY, account: 'a-2', service: WORKSTATION_SKU, count: 12.5 },
			{ partnerKey: PARTNER_A_KEY, account: 'a-3', service: SERVER_SKU, count: 1 },
			{ partnerKey: PARTNER_A_KEY, account: 'a-1', service: WORKSTATION_SKU, count: 0 },
		];
		await world.run({ resource: 'account', operation: 'create', parameters: { accountId: 'b-1', name: 'Bravo' }, credentials: { partnerApiKey: PARTNER_B_KEY } });
		await world.map({ organizationId: PARTNER_B_ORG, accountIds: ['b-1'] });
		await world.clearJournal();

		const { items, error } = await world.run({ resource: 'usage', operation: 'set', parameters: setParameters, items: rows });

		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual([
			expect.objectContaining({ accountId: 'a-1', serviceId: SERVER_SKU, unitCount: 3, result: 'set', httpStatus: 201 }),
			expect.objectContaining({ accountId: 'b-1', serviceId: SERVER_SKU, unitCount: 9, result: 'set' }),
			expect.objectContaining({ accountId: 'a-2', serviceId: WORKSTATION_SKU, unitCount: 12.5, result: 'set' }),
			expect.objectContaining({ accountId: 'a-3', result: 'unmapped', httpStatus: 404, message: 'No account map found with id: a-3' }),
			expect.objectContaining({ accountId: 'a-1', serviceId: WORKSTATION_SKU, unitCount: 0, result: 'set' }),
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));

		const partnerA = await world.partner(PARTNER_A_ORG);
		expect(partnerA.unitCounts).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ serviceId: SERVER_SKU, accountId: 'a-1', unitCount: 3 }),
				expect.objectContaining({ serviceId: WORKSTATION_SKU, accountId: 'a-2', unitCount: 12.5 }),
				expect.objectContaining({ serviceId: WORKSTATION_SKU, accountId: 'a-1', unitCount: 0 }),
			]),
		);
		expect(partnerA.billingBuilds).toBe(1);
		expect(partnerA.status).toBe('active');
		expect((await world.partner(PARTNER_B_ORG)).billingBuilds).toBe(1);

		const counts = (await world.journal()).filter((entry) => entry.path.endsWith('/count'));
		expect(counts).toHaveLength(5);
		const rebuildsPerPartner = counts.filter((entry) => entry.query.no_build === undefined).map((entry) => entry.organizationId);
		expect(rebuildsPerPartner.sort()).toEqual([PARTNER_A_ORG, PARTNER_B_ORG].sort());
		expect(counts.every((entry) => entry.tokenHeaderPresent && (entry.body as { accountId: string }).accountId)).toBe(true);
	});

	it("reads the credential once for the whole run, not on every request (n8n's database read and decryption)", async () => {
		const rows = Array.from({ length: 30 }, (_, index) => ({
			partnerKey: index % 3 === 0 ? PARTNER_B_KEY : PARTNER_A_KEY,
			account: `a-${(index % 3) + 1}`,
			service: SERVER_SKU,
			count: index,
		}));
		const withCredentialKey = { ...setParameters, options: {} };

		const ownKey = await world.run({ resource: 'usage', operation: 'set', parameters: withCredentialKey, items: rows });
		const itemKeys = await world.run({ resource: 'usage', operation: 'set', parameters: setParameters, items: rows });

		expect(ownKey.error).toBeUndefined();
		expect(itemKeys.error).toBeUndefined();
		expect((await world.journal()).filter((entry) => entry.path.endsWith('/count')).length).toBeGreaterThanOrEqual(60);
		expect([ownKey.credentialReads, itemKeys.credentialReads]).toEqual([1, 1]);
	});

	it('re-sends the last count that landed when the last one is unmapped, so billing is rebuilt once', async () => {
		const { items } = await world.run({
			resource: 'usage',
			operation: 'set',
			parameters: setParameters,
			items: [
				{ partnerKey: PARTNER_A_KEY, account: 'a-1', service: SERVER_SKU, count: 5 },
				{ partnerKey: PARTNER_A_KEY, account: 'a-3', service: SERVER_SKU, count: 2 },
			],
		});
		expect(jsonOf(items).map((json) => json.result)).toEqual(['set', 'unmapped']);
		const counts = (await world.journal()).filter((entry) => entry.path.endsWith('/count'));
		expect(counts.map((entry) => [(entry.body as { accountId: string }).accountId, entry.query.no_build ?? 'build'])).toEqual([
			['a-1', 'true'],
			['a-3', 'build'],
			['a-1', 'build'],
		]);
		expect((await world.partner(PARTNER_A_ORG)).billingBuilds).toBe(1);
	});

	it('rejects a bad count before sending anything, naming the item and the field', async () => {
		const { items, error } = await world.run({
			resource: 'usage',
			operation: 'set',
			parameters: { serviceId: byId(SERVER_SKU), accountId: { __rl: true, mode: 'id', value: 'a-1' }, unitCount: '={{ $json.count }}' },
			items: [{ count: 4 }, { count: 'ten' }],
		});
		expect(items).toEqual([]);
		expect(error?.constructor.name).toBe('NodeOperationError');
		expect(error?.message).toBe('[item 1] Unit Count (unitCount) must be a number of 0 or more, got "ten"');
		expect(error?.context?.itemIndex).toBe(1);
		expect(await world.journal()).toEqual([]);
	});

	it('checks the run-wide options on every item: a bad one fails that item alone, or stops the node before anything is sent', async () => {
		const run = async (continueOnFail: boolean) =>
			await world.run({
				resource: 'usage',
				operation: 'set',
				continueOnFail,
				parameters: { serviceId: byId(SERVER_SKU), accountId: { __rl: true, mode: 'id', value: 'a-1' }, unitCount: 2, options: { concurrency: '={{ $json.concurrency }}' } },
				items: [{ concurrency: 0 }, { concurrency: 5 }],
			});
		const stopped = await run(false);
		expect(stopped.error?.constructor.name).toBe('NodeOperationError');
		expect(stopped.error?.message).toBe('[item 0] Concurrency (options.concurrency) must be a whole number of 1 or more, got number 0');
		expect(await world.journal()).toEqual([]);

		const continued = await run(true);
		expect(continued.error).toBeUndefined();
		expect(jsonOf(continued.items)).toEqual([
			expect.objectContaining({ result: 'failed', message: expect.stringContaining('[item 0] Concurrency (options.concurrency)') }),
			expect.objectContaining({ result: 'set', accountId: 'a-1', unitCount: 2 }),
		]);
	});

	it('with Continue On Fail, a bad item comes out failed in its place, in the usage output shape, and the others are set', async () => {
		const { items, error } = await world.run({
			resource: 'usage',
			operation: 'set',
			continueOnFail: true,
			parameters: { serviceId: byId(SERVER_SKU), accountId: { __rl: true, mode: 'id', value: '={{ $json.account }}' }, unitCount: '={{ $json.count }}' },
			items: [{ account: 'a-1', count: 4 }, { account: '', count: 1 }, { account: 'a-2', count: -2 }, { account: 'a-2', count: 7 }],
		});
		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual([
			expect.objectContaining({ result: 'set', accountId: 'a-1' }),
			{ serviceId: SERVER_SKU, accountId: null, unitCount: 1, result: 'failed', httpStatus: null, message: expect.stringContaining('[item 1] Account (accountId)') },
			{ serviceId: SERVER_SKU, accountId: 'a-2', unitCount: null, result: 'failed', httpStatus: null, message: expect.stringContaining('[item 2] Unit Count (unitCount)') },
			expect.objectContaining({ result: 'set', accountId: 'a-2', unitCount: 7 }),
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect((await world.journal()).filter((entry) => entry.path.endsWith('/count'))).toHaveLength(2);
	});

	it('a 404 for a wrong Base URL or an unknown vendor is an error, not "unmapped"', async () => {
		const baseUrl = `${world.url}/gradient`;
		const wrongRoute = await world.run({ ...setOne, credentials: { baseUrl } });
		expect(wrongRoute.error?.constructor.name).toBe('NodeApiError');
		expect(wrongRoute.error?.message).toBe('Gradient does not serve this request (HTTP 404)');
		expect(wrongRoute.error?.description).toContain('Check the Base URL');

		await world.script([
			{ match: { method: 'POST', pathPrefix: '/api/vendor-api/service' }, respond: { status: 404, body: { statusCode: 404, message: 'Vendor Profile Not Found' } } },
			{ match: { method: 'POST', pathPrefix: '/api/vendor-api/service' }, respond: { status: 404, body: '<html><body><h1>404 Not Found</h1>nginx</body></html>' } },
			{ match: { method: 'POST', pathPrefix: '/api/vendor-api/service' }, respond: { status: 404 } },
			{ match: { method: 'POST', pathPrefix: '/api/vendor-api/service' }, respond: { status: 404, body: { statusCode: 404, message: 'No account map found with id: a-1' } } },
		]);
		const { items } = await world.run({ ...setOne, continueOnFail: true, items: [{}, {}, {}, {}] });
		expect(jsonOf(items).map((json) => [json.result, json.httpStatus])).toEqual([
			['failed', 404],
			['failed', 404],
			['failed', 404],
			['unmapped', 404],
		]);
		expect(jsonOf(items)[0].message).toContain('Gradient knows no vendor with this Vendor API Key (HTTP 404)');
		expect(jsonOf(items)[0].message).toContain('not the MSP\'s partner key');
		expect(jsonOf(items)[1].message).toContain('404 Not Found nginx');
	});

	it('stops with a NodeApiError naming the item when Gradient fails a count', async () => {
		await world.script([{ match: { method: 'POST', pathPrefix: '/api/vendor-api/service' }, respond: { status: 500, body: { statusCode: 500, message: 'Internal server error' } } }]);
		const { error } = await world.run({
			resource: 'usage',
			operation: 'set',
			parameters: { serviceId: byId(SERVER_SKU), accountId: { __rl: true, mode: 'id', value: 'a-1' }, unitCount: 1, options: { maxAttempts: 1 } },
		});
		expect(error?.constructor.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe('500');
		expect(error?.context?.itemIndex).toBe(0);
	});
});

describe('Usage → Sync', () => {
	const world = useGradientWorld();

	const syncParameters = {
		accountId: '={{ $json.customerId }}',
		accountName: '={{ $json.customerName }}',
		service: '={{ $json.sku }}',
		unitCount: '={{ $json.seats }}',
	};
	const rows = [
		{ customerId: 'a-1', customerName: 'Alpha Ltd', sku: 'Server Backup', seats: 2 },
		{ customerId: 'a-9', customerName: 'New Customer', sku: 'Server Backup', seats: 4 },
		{ customerId: 'a-9', customerName: 'New Customer', sku: WORKSTATION_SKU, seats: 6 },
		{ customerId: 'a-8', customerName: 'Another New One', sku: 'Workstation Backup', seats: 1 },
		{ customerId: 'a-2', customerName: 'Beta Ltd (renamed)', sku: 'Workstation Backup', seats: 3 },
	];

	it('creates the missing accounts in one request, renames changed ones, resolves names, sets every count', async () => {
		const { items, error } = await world.run({ resource: 'usage', operation: 'sync', parameters: syncParameters, items: rows });
		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual([
			expect.objectContaining({ accountId: 'a-1', serviceId: SERVER_SKU, result: 'set', accountAction: 'unchanged' }),
			expect.objectContaining({ accountId: 'a-9', serviceId: SERVER_SKU, result: 'unmapped', accountAction: 'created' }),
			expect.objectContaining({ accountId: 'a-9', serviceId: WORKSTATION_SKU, result: 'unmapped', accountAction: 'created' }),
			expect.objectContaining({ accountId: 'a-8', serviceId: WORKSTATION_SKU, result: 'unmapped', accountAction: 'created' }),
			expect.objectContaining({ accountId: 'a-2', serviceId: WORKSTATION_SKU, result: 'set', accountAction: 'updated' }),
		]);

		const journal = await world.journal();
		const creates = journal.filter((entry) => entry.method === 'POST' && entry.path.endsWith('/organization/accounts'));
		expect(creates).toHaveLength(1);
		expect(creates[0].body).toEqual([
			{ id: 'a-9', name: 'New Customer' },
			{ id: 'a-8', name: 'Another New One' },
		]);
		const partner = await world.partner(PARTNER_A_ORG);
		expect(partner.accounts.find((account) => account.id === 'a-2')?.name).toBe('Beta Ltd (renamed)');
		expect(partner.billingBuilds).toBe(1);
	});

	it('writes no account the second time, and counts once mapped land', async () => {
		await world.run({ resource: 'usage', operation: 'sync', parameters: syncParameters, items: rows });
		await world.map({ organizationId: PARTNER_A_ORG, accountIds: ['a-8', 'a-9'] });
		await world.clearJournal();

		const { items } = await world.run({ resource: 'usage', operation: 'sync', parameters: syncParameters, items: rows });
		expect(jsonOf(items).map((json) => [json.result, json.accountAction])).toEqual(rows.map(() => ['set', 'unchanged']));
		const writes = (await world.journal()).filter((entry) => entry.method !== 'GET' && !entry.path.endsWith('/count'));
		expect(writes).toEqual([]);
		expect((await world.partner(PARTNER_A_ORG)).accounts).toHaveLength(5);
	});

	it("with Continue On Fail, a partner whose key Gradient refuses fails its own items, keeping their fields; the other partner is synced", async () => {
		const { items, error } = await world.run({
			resource: 'usage',
			operation: 'sync',
			continueOnFail: true,
			parameters: { ...syncParameters, options: { partnerApiKey: '={{ $json.partnerKey }}' } },
			items: [
				{ ...rows[0], partnerKey: 'revoked-partner-key' },
				{ ...rows[0], partnerKey: PARTNER_A_KEY },
				{ ...rows[1], partnerKey: 'revoked-partner-key' },
			],
		});
		expect(error).toBeUndefined();
		const refused = expect.stringContaining('Gradient did not accept the API keys (HTTP 401)');
		expect(jsonOf(items)).toEqual([
			{ serviceId: null, accountId: 'a-1', unitCount: 2, result: 'failed', httpStatus: 401, message: refused },
			expect.objectContaining({ accountId: 'a-1', serviceId: SERVER_SKU, unitCount: 2, result: 'set' }),
			{ serviceId: null, accountId: 'a-9', unitCount: 4, result: 'failed', httpStatus: 401, message: refused },
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect((await world.partner(PARTNER_A_ORG)).billingBuilds).toBe(1);
	});

	it('an unknown service name is that item\'s error, not a silent skip', async () => {
		const { items, error } = await world.run({
			resource: 'usage',
			operation: 'sync',
			continueOnFail: true,
			parameters: syncParameters,
			items: [rows[0], { customerId: 'a-1', customerName: 'Alpha Ltd', sku: 'Tape Backup', seats: 1 }],
		});
		expect(error).toBeUndefined();
		expect(jsonOf(items)[0]).toEqual(expect.objectContaining({ result: 'set' }));
		expect(jsonOf(items)[1]).toEqual({
			serviceId: null,
			accountId: 'a-1',
			unitCount: 1,
			result: 'failed',
			httpStatus: null,
			message:
				'[item 1] Service (service) "Tape Backup" is neither the ID nor the exact name of one of your Gradient services: Known services: "Server Backup", "Workstation Backup".',
		});
	});

	it('without Continue On Fail, a service that does not resolve stops the node before any partner\'s account or count is written', async () => {
		const { error } = await world.run({
			resource: 'usage',
			operation: 'sync',
			parameters: { ...syncParameters, options: { partnerApiKey: '={{ $json.partnerKey }}' } },
			items: [
				{ ...rows[1], partnerKey: PARTNER_A_KEY },
				{ customerId: 'b-9', customerName: 'New at B', sku: 'Tape Backup', seats: 1, partnerKey: PARTNER_B_KEY },
			],
		});
		expect(error?.constructor.name).toBe('NodeOperationError');
		expect(error?.message).toBe('[item 1] Service (service) "Tape Backup" is neither the ID nor the exact name of one of your Gradient services');
		expect(error?.context?.itemIndex).toBe(1);
		expect((await world.journal()).filter((entry) => entry.method !== 'GET')).toEqual([]);
	});
});
