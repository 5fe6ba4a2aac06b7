import { useGradientWorld, PARTNER_A_KEY, PARTNER_A_ORG, PARTNER_B_KEY, PARTNER_B_ORG, jsonOf } from './gradientWorld';

describe('Account', () => {
	const world = useGradientWorld();

	const fromItems = {
		accountId: '={{ $json.id }}',
		name: '={{ $json.name }}',
		additionalFields: { description: '={{ $json.domain }}' },
		options: { partnerApiKey: '={{ $json.partner }}' },
	};

	it('Create sends all items of one partner in one bulk request, one output per item', async () => {
		const items = [
			{ partner: PARTNER_B_KEY, id: 'b-1', name: 'Bravo', domain: 'bravo.example' },
			{ partner: PARTNER_A_KEY, id: 'a-10', name: 'Alpha Ten', domain: 'ten.example' },
			{ partner: PARTNER_B_KEY, id: 'b-2', name: 'Bravo Two', domain: 'two.example' },
		];
		const result = await world.run({ resource: 'account', operation: 'create', parameters: fromItems, items });
		expect(result.error).toBeUndefined();
		expect(jsonOf(result.items)).toEqual([
			expect.objectContaining({ id: 'b-1', name: 'Bravo', description: 'bravo.example' }),
			expect.objectContaining({ id: 'a-10', name: 'Alpha Ten' }),
			expect.objectContaining({ id: 'b-2', name: 'Bravo Two' }),
		]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);

		const creates = (await world.journal()).filter((entry) => entry.method === 'POST');
		expect(creates.map((entry) => [entry.organizationId, (entry.body as Array<{ id: string }>).map((account) => account.id)])).toEqual([
			[PARTNER_B_ORG, ['b-1', 'b-2']],
			[PARTNER_A_ORG, ['a-10']],
		]);
		expect((await world.partner(PARTNER_B_ORG)).accounts.map((account) => account.id)).toEqual(['b-1', 'b-2']);
	});

	it('Create splits large batches to stay inside Gradient\'s request body limit', async () => {
		const items = Array.from({ length: 1001 }, (_, index) => ({ id: `bulk-${index}`, name: `Customer ${index}` }));
		const result = await world.run({
			resource: 'account',
			operation: 'create',
			parameters: { accountId: '={{ $json.id }}', name: '={{ $json.name }}' },
			items,
		});
		expect(result.items).toHaveLength(1001);
		expect(result.items[1000].json).toEqual(expect.objectContaining({ id: 'bulk-1000' }));
		const sizes = (await world.journal()).map((entry) => (entry.body as unknown[]).length);
		expect(sizes).toEqual([500, 500, 1]);
		expect((await world.partner(PARTNER_A_ORG)).accounts).toHaveLength(1004);
	});

	it('Create also ends a bulk request before it grows past 90 kB of JSON, for long descriptions', async () => {
		const items = Array.from({ length: 200 }, (_, index) => ({ id: `long-${index}`, name: `Customer ${index}`, domain: `${'x'.repeat(1_000)}.example` }));
		const result = await world.run({ resource: 'account', operation: 'create', parameters: fromItems, items: items.map((item) => ({ ...item, partner: PARTNER_A_KEY })) });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(200);
		const bodies = (await world.journal()).map((entry) => entry.body as Array<{ id: string }>);
		expect(bodies.length).toBeGreaterThan(1);
		for (const body of bodies) expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThanOrEqual(90_000);
		expect(bodies.flat().map((account) => account.id)).toEqual(items.map((item) => item.id));
	});

	it('Create stops at a bulk request Gradient refuses, creating nothing behind it; with Continue On Fail only its items fail', async () => {
		const items = [{ id: 'a-1', name: 'Alpha Ltd' }, ...Array.from({ length: 600 }, (_, index) => ({ id: `bulk-${index}`, name: `Customer ${index}` }))];
		const run = async (continueOnFail: boolean) =>
			await world.run({ resource: 'account', operation: 'create', continueOnFail, parameters: { accountId: '={{ $json.id }}', name: '={{ $json.name }}' }, items });

		const stopped = await run(false);
		expect(stopped.error?.constructor.name).toBe('NodeApiError');
		expect(stopped.error?.httpCode).toBe('409');
		expect((await world.journal()).map((entry) => (entry.body as unknown[]).length)).toEqual([500]);
		expect((await world.partner(PARTNER_A_ORG)).accounts).toHaveLength(3);

		const continued = await run(true);
		expect(continued.items).toHaveLength(601);
		expect(jsonOf(continued.items.slice(0, 500)).every((json) => String(json.error).includes('409'))).toBe(true);
		expect(jsonOf(continued.items.slice(500))).toEqual(items.slice(500).map(({ id }) => expect.objectContaining({ id })));
		expect((await world.partner(PARTNER_A_ORG)).accounts).toHaveLength(104);
	});

	it('Create refuses an ID repeated for one partner instead of losing the whole batch', async () => {
		const result = await world.run({
			resource: 'account',
			operation: 'create',
			continueOnFail: true,
			parameters: fromItems,
			items: [
				{ partner: PARTNER_B_KEY, id: 'b-1', name: 'Bravo' },
				{ partner: PARTNER_B_KEY, id: 'b-1', name: 'Bravo again' },
			],
		});
		expect(jsonOf(result.items)).toEqual([
			expect.objectContaining({ id: 'b-1', name: 'Bravo' }),
			expect.objectContaining({ error: '[item 1] Account ID (accountId) "b-1" is already used by item 0 for this partner' }),
		]);
	});

	it('without Continue On Fail, an ID repeated for a later partner stops the node before any partner\'s accounts are created', async () => {
		const { error } = await world.run({
			resource: 'account',
			operation: 'create',
			parameters: fromItems,
			items: [
				{ partner: PARTNER_A_KEY, id: 'a-7', name: 'Alpha Seven' },
				{ partner: PARTNER_B_KEY, id: 'b-1', name: 'Bravo' },
				{ partner: PARTNER_B_KEY, id: 'b-1', name: 'Bravo again' },
			],
		});
		expect(error?.message).toBe('[item 2] Account ID (accountId) "b-1" is already used by item 1 for this partner');
		expect(await world.journal()).toEqual([]);
	});

	it('Create of an existing ID reports Gradient\'s 409 with advice', async () => {
		const { error } = await world.run({ resource: 'account', operation: 'create', parameters: { accountId: 'a-1', name: 'Alpha' } });
		expect(error?.constructor.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe('409');
		expect(error?.description).toContain('Create or Update creates only what is missing');
		expect(error?.description).toContain('A resource with this Id already exists.');
	});

	it('Upsert: one read, one bulk create, one update per change; the second run writes nothing', async () => {
		const items = [
			{ id: 'a-1', name: 'Alpha Ltd', domain: 'alpha.example' },
			{ id: 'a-2', name: 'Beta Limited', domain: 'beta.example' },
			{ id: 'a-4', name: 'Delta', domain: 'delta.example' },
			{ id: 'a-5', name: 'Epsilon', domain: 'epsilon.example' },
		];
		const parameters = { ...fromItems, options: {} };
		const first = await world.run({ resource: 'account', operation: 'upsert', parameters, items });
		expect(jsonOf(first.items).map((json) => [json.id, json.action])).toEqual([
			['a-1', 'unchanged'],
			['a-2', 'updated'],
			['a-4', 'created'],
			['a-5', 'created'],
		]);
		expect((await world.journal()).map((entry) => `${entry.method} ${entry.path}`)).toEqual([
			'GET /api/vendor-api/organization/accounts',
			'POST /api/vendor-api/organization/accounts',
			'PATCH /api/vendor-api/organization/accounts/a-2',
		]);

		await world.clearJournal();
		const second = await world.run({ resource: 'account', operation: 'upsert', parameters, items });
		expect(jsonOf(second.items).map((json) => json.action)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
		expect((await world.journal()).map((entry) => entry.method)).toEqual(['GET']);
		expect((await world.partner(PARTNER_A_ORG)).accounts.map((account) => account.id)).toEqual(['a-1', 'a-2', 'a-3', 'a-4', 'a-5']);
	});

	describe('Upsert when Gradient refuses the rename of a-1', () => {
		const renames = [
			{ id: 'a-1', name: 'Alpha Renamed', domain: 'alpha.example' },
			{ id: 'a-2', name: 'Beta Renamed', domain: 'beta.example' },
			{ id: 'a-3', name: 'Gamma Renamed', domain: 'gamma.example' },
		];

		beforeEach(async () => {
			await world.script([
				{
					match: { method: 'PATCH', pathPrefix: '/api/vendor-api/organization/accounts/a-1' },
					respond: { status: 400, body: { statusCode: 400, message: ['name must be shorter'], error: 'Bad Request' } },
				},
			]);
		});

		it('without Continue On Fail stops there: later updates are not sent', async () => {
			const { error } = await world.run({ resource: 'account', operation: 'upsert', parameters: { ...fromItems, options: {} }, items: renames });
			expect(error?.httpCode).toBe('400');
			expect(error?.context?.itemIndex).toBe(0);
			expect((await world.journal()).map((entry) => `${entry.method} ${entry.path}`)).toEqual([
				'GET /api/vendor-api/organization/accounts',
				'PATCH /api/vendor-api/organization/accounts/a-1',
			]);
			expect((await world.partner(PARTNER_A_ORG)).accounts.map((account) => account.name)).toEqual(['Alpha Ltd', 'Beta Ltd', 'Gamma Ltd']);
		});

		it('with Continue On Fail reports it on every item of a-1 and goes on', async () => {
			const items = [...renames.slice(0, 2), renames[0]];
			const { items: output } = await world.run({ resource: 'account', operation: 'upsert', parameters: { ...fromItems, options: {} }, items, continueOnFail: true });
			expect(jsonOf(output).map((json) => json.action ?? json.error)).toEqual([
				'Gradient rejected the request as invalid (HTTP 400)',
				'updated',
				'Gradient rejected the request as invalid (HTTP 400)',
			]);
		});
	});

	it('Get Many lists accounts with their mapping, filtered by IDs or to mapped ones, up to a limit', async () => {
		const all = await world.run({ resource: 'account', operation: 'getMany', parameters: { returnAll: true } });
		expect(jsonOf(all.items).map((json) => [json.id, json.isMapped])).toEqual([
			['a-1', true],
			['a-2', true],
			['a-3', false],
		]);
		const mapped = await world.run({ resource: 'account', operation: 'getMany', parameters: { returnAll: true, filters: { mappedOnly: true } } });
		expect(jsonOf(mapped.items).map((json) => json.id)).toEqual(['a-1', 'a-2']);
		const chosen = await world.run({ resource: 'account', operation: 'getMany', parameters: { returnAll: true, filters: { accountIds: 'a-3, a-1' } } });
		expect(jsonOf(chosen.items).map((json) => json.id).sort()).toEqual(['a-1', 'a-3']);
		const limited = await world.run({ resource: 'account', operation: 'getMany', parameters: { returnAll: false, limit: 2 } });
		expect(limited.items).toHaveLength(2);
		const limitedByExpression = await world.run({ resource: 'account', operation: 'getMany', parameters: { returnAll: false, limit: '={{ $json.top }}' }, items: [{ top: -1 }] });
		expect(limitedByExpression.error?.message).toBe('[item 0] Limit (limit) must be a whole number of 1 or more, got number -1');
		expect((await world.journal()).map((entry) => entry.query)).toEqual([
			{},
			{ returnUnmapped: 'false' },
			{ accountIds: ['a-3', 'a-1'] },
			{},
		]);
	});

	it('Update renames an account; an unknown one is a 404 that says what to do', async () => {
		const renamed = await world.run({
			resource: 'account',
			operation: 'update',
			parameters: { accountId: { __rl: true, mode: 'list', value: 'a-3' }, updateFields: { name: 'Gamma Group' } },
		});
		expect(jsonOf(renamed.items)).toEqual([expect.objectContaining({ id: 'a-3', name: 'Gamma Group' })]);
		expect((await world.journal())[0].body).toEqual({ name: 'Gamma Group' });

		const missing = await world.run({
			resource: 'account',
			operation: 'update',
			parameters: { accountId: { __rl: true, mode: 'id', value: 'nope' }, updateFields: { description: 'x' } },
		});
		expect(missing.error?.httpCode).toBe('404');
		expect(missing.error?.description).toContain('Create it first');
	});

	it('Update needs at least one field, checked before sending', async () => {
		const { error } = await world.run({
			resource: 'account',
			operation: 'update',
			parameters: { accountId: { __rl: true, mode: 'id', value: 'a-1' }, updateFields: {} },
		});
		expect(error?.message).toBe('[item 0] Update Fields (updateFields) needs at least one field');
		expect(await world.journal()).toEqual([]);
	});
});
