import { useGradientWorld, PARTNER_A_ORG, PARTNER_B_KEY, PARTNER_B_ORG, jsonOf } from './gradientWorld';

describe('Partner, Partner Service and Client', () => {
	const world = useGradientWorld();

	it('Partner Get reads the integration; Update Status sets it', async () => {
		const got = await world.run({ resource: 'partner', operation: 'get' });
		expect(jsonOf(got.items)).toEqual([expect.objectContaining({ organizationId: PARTNER_A_ORG, name: 'Partner A MSP', status: 'pending' })]);

		const updated = await world.run({
			resource: 'partner',
			operation: 'updateStatus',
			parameters: { status: 'active', options: { partnerApiKey: PARTNER_B_KEY } },
		});
		expect(jsonOf(updated.items)).toEqual([expect.objectContaining({ organizationId: PARTNER_B_ORG, status: 'active' })]);
		expect((await world.partner(PARTNER_B_ORG)).status).toBe('active');
		expect((await world.journal())[1]).toEqual(expect.objectContaining({ method: 'PATCH', path: '/api/vendor-api/organization/status/active' }));
	});

	it('Update Status refuses a status Gradient does not take', async () => {
		const { error } = await world.run({ resource: 'partner', operation: 'updateStatus', parameters: { status: '={{ "disabled" }}' } });
		expect(error?.message).toBe('[item 0] Status (status) must be one of "inactive", "pending", "active", got "disabled"');
		expect(await world.journal()).toEqual([]);
	});

	it('Partner services: bulk create per partner, list, update', async () => {
		const created = await world.run({
			resource: 'partnerService',
			operation: 'create',
			parameters: { serviceId: '={{ $json.id }}', name: '={{ $json.name }}', description: '={{ $json.about }}' },
			items: [
				{ id: 'vault', name: 'Vault', about: 'Password vault' },
				{ id: 'relay', name: 'Relay', about: 'Mail relay' },
			],
		});
		expect(jsonOf(created.items)).toEqual([
			expect.objectContaining({ id: 'vault', name: 'Vault', isMapped: false }),
			expect.objectContaining({ id: 'relay', name: 'Relay' }),
		]);
		const posts = (await world.journal()).filter((entry) => entry.method === 'POST');
		expect(posts).toHaveLength(1);
		expect(posts[0].body).toEqual([
			{ id: 'vault', name: 'Vault', description: 'Password vault' },
			{ id: 'relay', name: 'Relay', description: 'Mail relay' },
		]);

		const listed = await world.run({ resource: 'partnerService', operation: 'getMany', parameters: { returnAll: true } });
		expect(jsonOf(listed.items).map((json) => json.id)).toEqual(['vault', 'relay']);

		const updated = await world.run({
			resource: 'partnerService',
			operation: 'update',
			parameters: { serviceId: { __rl: true, mode: 'id', value: 'relay' }, updateFields: { name: 'Mail Relay' } },
		});
		expect(jsonOf(updated.items)).toEqual([expect.objectContaining({ id: 'relay', name: 'Mail Relay' })]);
	});

	it('Partner services: a 404 on the list says the route is unknown, not that an ID is wrong', async () => {
		await world.script([{ match: { method: 'GET', pathPrefix: '/api/vendor-api/organization/services' }, respond: { status: 404, body: { statusCode: 404, message: 'Cannot GET /api/vendor-api/organization/services' } } }]);
		const { error } = await world.run({ resource: 'partnerService', operation: 'getMany', parameters: { returnAll: true } });
		expect(error?.message).toBe('Gradient does not serve this request (HTTP 404)');
		expect(error?.description).toContain('Gradient does not know the partner services list: check the Base URL');
		expect(error?.description).toContain('Gradient has dropped this route');
		expect(error?.description).not.toContain('with this ID');
	});

	it('Clients: Return All follows the cursor to the end; Search and Limit narrow it', async () => {
		const all = await world.run({ resource: 'client', operation: 'getMany', parameters: { returnAll: true, options: { partnerApiKey: PARTNER_B_KEY } } });
		expect(all.items).toHaveLength(120);
		expect(new Set(jsonOf(all.items).map((json) => json.id)).size).toBe(120);
		const pages = (await world.journal()).map((entry) => entry.query.previousId ?? 'first');
		expect(pages).toEqual(['first', 'client-049', 'client-099', 'client-119']);

		const searched = await world.run({
			resource: 'client',
			operation: 'getMany',
			parameters: { returnAll: true, filters: { search: 'client 11' }, options: { partnerApiKey: PARTNER_B_KEY } },
		});
		expect(jsonOf(searched.items).map((json) => json.name)).toEqual(['Client 11', ...Array.from({ length: 10 }, (_, index) => `Client ${110 + index}`)]);

		const limited = await world.run({ resource: 'client', operation: 'getMany', parameters: { returnAll: false, limit: 60, options: { partnerApiKey: PARTNER_B_KEY } } });
		expect(limited.items).toHaveLength(60);
	});

	it('Clients: a cursor that stops advancing ends in an error instead of a loop', async () => {
		const page = { meta: {}, clients: [{ id: 'same', name: 'Same' }] };
		await world.script([
			{ match: { method: 'GET', pathPrefix: '/api/vendor-api/organization/clients' }, respond: { status: 200, body: page } },
			{ match: { method: 'GET', pathPrefix: '/api/vendor-api/organization/clients' }, respond: { status: 200, body: page } },
		]);
		const { error } = await world.run({ resource: 'client', operation: 'getMany', parameters: { returnAll: true } });
		expect(error?.message).toBe('Gradient returned the same page of clients twice');
		expect((await world.journal()).length).toBe(2);
	});
});
