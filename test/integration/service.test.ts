import { useGradientWorld, SERVER_SKU, WORKSTATION_SKU, jsonOf } from './gradientWorld';

describe('Service and Vendor', () => {
	const world = useGradientWorld();

	const definition = {
		name: '={{ $json.name }}',
		description: '={{ $json.description }}',
		category: 'backup',
		subcategory: '={{ $json.subcategory }}',
		additionalFields: { supportContact: 'support@vendor.example' },
	};

	it('Vendor Get returns the vendor with its services; Update changes the portal link', async () => {
		const got = await world.run({ resource: 'vendor', operation: 'get' });
		expect(jsonOf(got.items)).toEqual([expect.objectContaining({ name: 'Test Vendor', skus: expect.arrayContaining([expect.objectContaining({ id: SERVER_SKU })]) })]);

		const updated = await world.run({
			resource: 'vendor',
			operation: 'update',
			parameters: { updateFields: { integrationPortalUrl: 'https://portal.vendor.example/gradient' } },
		});
		expect(jsonOf(updated.items)[0].integrationPortalUrl).toBe('https://portal.vendor.example/gradient');
		expect((await world.journal())[1]).toEqual(
			expect.objectContaining({ method: 'PATCH', path: '/api/vendor-api', body: { integrationPortalUrl: 'https://portal.vendor.example/gradient' } }),
		);
	});

	it('Create answers the new service with its Gradient ID; Get and Get Many find it', async () => {
		const created = await world.run({
			resource: 'service',
			operation: 'create',
			parameters: definition,
			items: [{ name: 'Tape Vault', description: 'Offsite tapes', subcategory: 'physical offsite storage' }],
		});
		const service = jsonOf(created.items)[0];
		expect(service).toEqual(expect.objectContaining({ name: 'Tape Vault', category: 'backup', supportContact: 'support@vendor.example' }));
		expect(service.id).toMatch(/^[0-9a-f]{24}$/);

		const got = await world.run({ resource: 'service', operation: 'get', parameters: { serviceId: { __rl: true, mode: 'id', value: service.id } } });
		expect(jsonOf(got.items)).toEqual([expect.objectContaining({ id: service.id, name: 'Tape Vault' })]);

		const all = await world.run({ resource: 'service', operation: 'getMany', parameters: { returnAll: true } });
		expect(jsonOf(all.items).map((json) => json.name)).toEqual(['Server Backup', 'Workstation Backup', 'Tape Vault']);
		const one = await world.run({ resource: 'service', operation: 'getMany', parameters: { returnAll: false, limit: 1 } });
		expect(one.items).toHaveLength(1);
	});

	it('Create rejects a subcategory Gradient does not know, before sending', async () => {
		const { error } = await world.run({
			resource: 'service',
			operation: 'create',
			parameters: definition,
			items: [{ name: 'X', description: 'Y', subcategory: 'Cloud Backup' }],
		});
		expect(error?.message).toContain('[item 0] Subcategory (subcategory) must be one of');
		expect(error?.message).toContain('got "Cloud Backup"');
		expect(await world.journal()).toEqual([]);
	});

	it('Update changes only the given fields', async () => {
		const { items } = await world.run({
			resource: 'service',
			operation: 'update',
			parameters: { serviceId: { __rl: true, mode: 'list', value: SERVER_SKU }, updateFields: { description: 'Image backup of one server' } },
		});
		expect(jsonOf(items)).toEqual([expect.objectContaining({ id: SERVER_SKU, name: 'Server Backup', description: 'Image backup of one server' })]);
		expect((await world.journal())[0].body).toEqual({ description: 'Image backup of one server' });
	});

	it.each([
		['vendor', {}],
		['service', { serviceId: { __rl: true, mode: 'id', value: SERVER_SKU } }],
	])('%s Update refuses to blank the name, naming the item and the field, before sending', async (resource, parameters) => {
		const { error } = await world.run({
			resource,
			operation: 'update',
			parameters: { ...parameters, updateFields: { name: '={{ $json.name }}', description: 'kept' } },
			items: [{ name: 'Renamed' }, { name: '  ' }],
		});
		expect(error?.constructor.name).toBe('NodeOperationError');
		expect(error?.message).toBe('[item 1] Name (updateFields.name) must be a non-empty text, got an empty text');
		expect(await world.journal()).toEqual([]);
	});

	// Update Service's answer is not published: whatever it says, the node reads the service back.
	it.each([
		['the vendor unwrapped, as Create Service answers, with the change', { skus: [{ id: SERVER_SKU, name: 'Server Backup', description: 'Changed' }] }],
		['no body', undefined],
		['a body without the service', { status: 200, message: 'Updated' }],
	])('Update fails the item when Gradient answers %s but does not apply the change', async (_shape, body) => {
		await world.script([{ match: { method: 'PATCH', pathPrefix: `/api/vendor-api/service/${SERVER_SKU}` }, respond: { status: 200, body } }]);
		const { error } = await world.run({
			resource: 'service',
			operation: 'update',
			parameters: { serviceId: { __rl: true, mode: 'id', value: SERVER_SKU }, updateFields: { description: 'Changed' } },
		});
		expect(error?.constructor.name).toBe('NodeApiError');
		expect(error?.message).toBe('Gradient accepted the update of service "Server Backup" but did not apply it');
		expect(error?.description).toContain('it still holds description "Backup of one server"');
		expect((await world.journal()).map((entry) => `${entry.method} ${entry.path}`)).toEqual([
			`PATCH /api/vendor-api/service/${SERVER_SKU}`,
			`GET /api/vendor-api/service/${SERVER_SKU}`,
		]);
	});

	it('Create reads the services again when its answer lacks the new one, so Upsert never updates a service without an ID', async () => {
		await world.script([{ match: { method: 'POST', pathPrefix: '/api/vendor-api/service' }, respond: { status: 201, body: {} } }]);
		const { items, error } = await world.run({
			resource: 'service',
			operation: 'create',
			parameters: { name: 'Server Backup', description: 'Backup of one server', category: 'backup', subcategory: 'cloud backup' },
		});
		expect(error).toBeUndefined();
		expect(jsonOf(items)).toEqual([expect.objectContaining({ id: SERVER_SKU, name: 'Server Backup' })]);
		expect((await world.journal()).map((entry) => `${entry.method} ${entry.path}`)).toEqual(['POST /api/vendor-api/service', 'GET /api/vendor-api']);
	});

	it('Upsert matches by exact name: creates, updates, leaves alone; the second run writes nothing', async () => {
		const items = [
			{ name: 'Server Backup', description: 'Backup of one server', subcategory: 'cloud backup' },
			{ name: 'Workstation Backup', description: 'Now with versioning', subcategory: 'desktop backup' },
			{ name: 'Email Archive', description: 'Ten-year archive', subcategory: 'data archiving' },
		];
		const parameters = { ...definition, additionalFields: {} };
		const first = await world.run({ resource: 'service', operation: 'upsert', parameters, items });
		expect(jsonOf(first.items).map((json) => json.action)).toEqual(['unchanged', 'updated', 'created']);
		expect((await world.journal()).map((entry) => entry.method)).toEqual(['GET', 'PATCH', 'GET', 'POST']);

		await world.clearJournal();
		const second = await world.run({ resource: 'service', operation: 'upsert', parameters, items });
		expect(jsonOf(second.items).map((json) => json.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect((await world.journal()).map((entry) => entry.method)).toEqual(['GET']);
		const names = (await world.state()).vendors[0].skus.map((sku) => sku.name);
		expect(names).toEqual(['Server Backup', 'Workstation Backup', 'Email Archive']);
	});

	describe('Upsert when Gradient refuses the update of Server Backup', () => {
		const updates = [
			{ name: 'Server Backup', description: 'Backup of one server, hourly', subcategory: 'cloud backup' },
			{ name: 'Workstation Backup', description: 'Now with versioning', subcategory: 'desktop backup' },
		];
		const parameters = { ...definition, additionalFields: {} };

		beforeEach(async () => {
			await world.script([
				{
					match: { method: 'PATCH', pathPrefix: `/api/vendor-api/service/${SERVER_SKU}` },
					respond: { status: 400, body: { statusCode: 400, message: ['description must be shorter'], error: 'Bad Request' } },
				},
			]);
		});

		it('without Continue On Fail stops there: later updates are not sent', async () => {
			const { error } = await world.run({ resource: 'service', operation: 'upsert', parameters, items: updates });
			expect(error?.httpCode).toBe('400');
			expect(error?.context?.itemIndex).toBe(0);
			expect((await world.journal()).map((entry) => `${entry.method} ${entry.path}`)).toEqual(['GET /api/vendor-api', `PATCH /api/vendor-api/service/${SERVER_SKU}`]);
			expect((await world.state()).vendors[0].skus.map((sku) => sku.description)).toEqual(['Backup of one server', 'Backup of one workstation']);
		});

		it('with Continue On Fail reports it on that item and goes on', async () => {
			const { items: output } = await world.run({ resource: 'service', operation: 'upsert', parameters, items: updates, continueOnFail: true });
			expect(jsonOf(output).map((json) => json.action ?? json.error)).toEqual(['Gradient rejected the request as invalid (HTTP 400)', 'updated']);
			expect((await world.journal()).map((entry) => `${entry.method} ${entry.path}`)).toEqual([
				'GET /api/vendor-api',
				`PATCH /api/vendor-api/service/${SERVER_SKU}`,
				`PATCH /api/vendor-api/service/${WORKSTATION_SKU}`,
				`GET /api/vendor-api/service/${WORKSTATION_SKU}`,
			]);
		});
	});

	it('Upsert merges items that name one service, in input order, as account Upsert does with IDs: one request, one result for all', async () => {
		const items = [
			{ name: 'Email Archive', description: 'Five-year archive', subcategory: 'data archiving' },
			{ name: 'Server Backup', description: 'Backup of one server', subcategory: 'cloud backup' },
			{ name: 'Email Archive', description: 'Ten-year archive', subcategory: 'data archiving' },
		];
		const { items: output } = await world.run({ resource: 'service', operation: 'upsert', parameters: { ...definition, additionalFields: {} }, items });
		expect(jsonOf(output).map((json) => [json.name, json.description, json.action])).toEqual([
			['Email Archive', 'Ten-year archive', 'created'],
			['Server Backup', 'Backup of one server', 'unchanged'],
			['Email Archive', 'Ten-year archive', 'created'],
		]);
		expect((await world.journal()).map((entry) => `${entry.method} ${entry.path}`)).toEqual(['GET /api/vendor-api', 'POST /api/vendor-api/service']);
		expect((await world.state()).vendors[0].skus.filter((sku) => sku.name === 'Email Archive')).toEqual([
			expect.objectContaining({ description: 'Ten-year archive' }),
		]);
	});
});
