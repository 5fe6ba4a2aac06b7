// Where Gradient's record is silent, the node takes one reading and the emulator plays the
// others (its `readings` switches, docs/gradient-api.md §9). Against each alternative the node
// either works or fails loudly, naming the item: it never reports a write Gradient did not make.
import type { IDataObject } from 'n8n-workflow';

import { useGradientWorld, PARTNER_A_KEY, PARTNER_A_ORG, PARTNER_B_KEY, SERVER_SKU, jsonOf } from './gradientWorld';

describe('the node against each reading Gradient does not confirm', () => {
	const world = useGradientWorld();
	const readings = async (chosen: IDataObject) => await world.configure({ readings: chosen });
	const requests = async () => (await world.journal()).map((entry) => `${entry.method} ${entry.path}`);

	describe('U1: updating a vendor service', () => {
		const update = {
			resource: 'service',
			operation: 'update',
			parameters: { serviceId: { __rl: true, mode: 'id', value: SERVER_SKU }, updateFields: { description: 'Changed' } },
		};

		it('Gradient answers the update but ignores it: Update fails the item, reading the service back', async () => {
			await readings({ patchService: 'ignored' });
			const { items, error } = await world.run(update);
			expect(items).toEqual([]);
			expect(error?.message).toBe('Gradient accepted the update of service "Server Backup" but did not apply it');
			expect(error?.context?.itemIndex).toBe(0);
			expect(await requests()).toEqual([`PATCH /api/vendor-api/service/${SERVER_SKU}`, `GET /api/vendor-api/service/${SERVER_SKU}`]);
		});

		it('Gradient answers the update but ignores it: Create or Update does not report "updated"', async () => {
			await readings({ patchService: 'ignored' });
			const { items } = await world.run({
				resource: 'service',
				operation: 'upsert',
				parameters: { name: 'Server Backup', description: 'Changed', category: 'backup', subcategory: 'cloud backup', additionalFields: {} },
				continueOnFail: true,
			});
			expect(jsonOf(items)).toEqual([expect.objectContaining({ error: 'Gradient accepted the update of service "Server Backup" but did not apply it' })]);
		});

		it('Gradient does not serve the route: the error says so, not that the ID is wrong', async () => {
			await readings({ patchService: 'unrouted' });
			const { error } = await world.run(update);
			expect(error?.message).toBe('Gradient does not serve this request (HTTP 404)');
			expect(error?.description).toContain('Gradient does not serve updates of a vendor service');
			expect(error?.description).not.toContain('No vendor service has this ID');
		});
	});

	describe('U2: the service ID of a count on a partner service', () => {
		beforeEach(async () => {
			const created = await world.run({
				resource: 'partnerService',
				operation: 'create',
				parameters: { serviceId: 'vault', name: 'Password Vault', description: 'One vault per user' },
			});
			expect(created.error).toBeUndefined();
			await world.map({ organizationId: PARTNER_A_ORG, serviceIds: ['vault'] });
			await world.clearJournal();
		});

		const setCount = (serviceId: string) => ({
			resource: 'usage',
			operation: 'set',
			parameters: {
				serviceId: { __rl: true, mode: 'list', value: serviceId },
				accountId: { __rl: true, mode: 'id', value: '={{ $json.account }}' },
				unitCount: 4,
			},
			items: [{ account: 'a-1' }, { account: 'a-2' }],
			continueOnFail: true,
		});

		const vaultCount = async () =>
			(await world.partner(PARTNER_A_ORG)).unitCounts.filter((count) => count.accountId === 'a-1').map((count) => count.unitCount);

		it.each([['id'], ['_id']])('Gradient wants the %s: the Service list and Sync send the ID its list gives, and the count lands', async (reading) => {
			await readings({ partnerServiceCountId: reading });
			const listed = await world.listSearch('searchCountableServices', 'vault');
			expect(listed.results).toEqual([expect.objectContaining({ name: 'Password Vault (partner service)', description: 'partner service vault' })]);
			const fromList = String(listed.results[0].value);
			expect(fromList === 'vault').toBe(reading === 'id');

			const set = await world.run(setCount(fromList));
			expect(jsonOf(set.items).map((json) => json.result)).toEqual(['set', 'set']);
			expect(await vaultCount()).toEqual([4]);

			const synced = await world.run({
				resource: 'usage',
				operation: 'sync',
				parameters: { accountId: 'a-1', accountName: 'Alpha Ltd', service: 'Password Vault', unitCount: 5 },
			});
			expect(jsonOf(synced.items)).toEqual([expect.objectContaining({ result: 'set', serviceId: fromList })]);
			expect(await vaultCount()).toEqual([5]);
		});

		it('Gradient wants the _id and the count names the vendor ID: "unmapped" for every account, saying which ID was sent', async () => {
			await readings({ partnerServiceCountId: '_id' });
			const { _id } = (await world.partner(PARTNER_A_ORG)).orgServices[0];
			const { items } = await world.run(setCount('vault'));
			const results = jsonOf(items);
			expect(results.map((json) => json.result)).toEqual(['unmapped', 'unmapped']);
			for (const json of results) {
				expect(json.message).toContain('Every count on partner service "Password Vault" came back 404');
				expect(json.message).toContain(`the ID you gave it, "vault", not its Gradient ID "${String(_id)}"`);
			}
		});

		it('a partner services list that fails for another reason is reported, not read as "no such service"', async () => {
			const unavailable = { match: { method: 'GET', pathPrefix: '/api/vendor-api/organization/services' }, respond: { status: 503, body: { statusCode: 503, message: 'Service Unavailable' } } };
			await world.script([unavailable]);
			const { items } = await world.run({
				resource: 'usage',
				operation: 'sync',
				parameters: { accountId: 'a-1', accountName: 'Alpha Ltd', service: '={{ $json.service }}', unitCount: 5, options: { maxAttempts: 1 } },
				items: [{ service: 'Server Backup' }, { service: 'Password Vault' }],
				continueOnFail: true,
			});
			expect(jsonOf(items).map((json) => [json.result, json.message])).toEqual([
				['set', expect.anything()],
				['failed', expect.stringContaining('Gradient failed to answer (HTTP 503)')],
			]);

			// The editor's list tries twice.
			await world.script([unavailable, unavailable]);
			await expect(world.listSearch('searchCountableServices', 'vault')).rejects.toThrow('Gradient failed to answer (HTTP 503)');
		});

		it('a vendor service whose counts are all unmapped gets no such note', async () => {
			await world.map({ organizationId: PARTNER_A_ORG, serviceIds: [SERVER_SKU], mapped: false });
			const { items } = await world.run(setCount(SERVER_SKU));
			expect(jsonOf(items).map((json) => [json.result, String(json.message).includes('partner service')])).toEqual([
				['unmapped', false],
				['unmapped', false],
			]);
		});
	});

	describe('U3: which accounts are mapped', () => {
		const getMany = (filters: IDataObject) => ({ resource: 'account', operation: 'getMany', parameters: { returnAll: true, filters } });
		const ids = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json.id);

		it.each([
			['isMappedAndMappingId', 'applies'],
			['isMappedAndMappingId', 'ignored'],
			['mappingIdOnly', 'ignored'],
			['isMappedOnly', 'ignored'],
		])('accounts carry %s, Gradient’s filter %s: Mapped Only and Unmapped Only still split them right', async (mappingFields, returnUnmappedFilter) => {
			await readings({ mappingFields, returnUnmappedFilter });
			expect(ids((await world.run(getMany({ mappedOnly: true }))).items)).toEqual(['a-1', 'a-2']);
			expect(ids((await world.run(getMany({ unmappedOnly: true }))).items)).toEqual(['a-3']);
		});

		it('accounts carry neither field: a mapping filter fails instead of guessing', async () => {
			await readings({ mappingFields: 'none', returnUnmappedFilter: 'ignored' });
			const { error } = await world.run(getMany({ mappedOnly: true }));
			expect(error?.message).toBe("Gradient's accounts say nothing about mapping");
			expect(error?.description).toContain('None of the 3 accounts Gradient listed carries isMapped or a mappingId');
			expect(ids((await world.run(getMany({}))).items)).toEqual(['a-1', 'a-2', 'a-3']);
		});

		it('Gradient ignores the Account IDs filter: only the accounts asked for come out', async () => {
			await readings({ idsFilter: 'ignored' });
			expect(ids((await world.run(getMany({ accountIds: 'a-3, a-1' }))).items)).toEqual(['a-1', 'a-3']);
		});

		it('Mapped Only and Unmapped Only together are refused before sending', async () => {
			const { error } = await world.run(getMany({ mappedOnly: true, unmappedOnly: true }));
			expect(error?.message).toBe('[item 0] Unmapped Only (filters.unmappedOnly) cannot be on together with Mapped Only (filters.mappedOnly)');
			expect(await world.journal()).toEqual([]);
		});

		it('the trigger counts an account with only a mappingId as mapped, and fails a poll whose accounts carry neither field', async () => {
			await readings({ mappingFields: 'mappingIdOnly', returnUnmappedFilter: 'ignored' });
			const current = await world.poll({ event: 'accountMapped', mode: 'manual' });
			expect(current.items.map((item) => item.json.accountId)).toEqual(['a-1', 'a-2']);

			await readings({ mappingFields: 'none', returnUnmappedFilter: 'ignored' });
			const { error } = await world.poll({ event: 'accountMapped' });
			expect(error?.message).toBe("Gradient's accounts say nothing about mapping");
		});
	});

	describe('U4: the deprecated clients list', () => {
		it.each([['idStrings'], ['nameStrings']])('Gradient lists clients as texts (%s): an error, never the first page for the whole list', async (clientElements) => {
			await readings({ clientElements });
			const { items, error } = await world.run({
				resource: 'client',
				operation: 'getMany',
				parameters: { returnAll: true, options: { partnerApiKey: PARTNER_B_KEY } },
			});
			expect(items).toEqual([]);
			expect(error?.message).toBe('Gradient answered the clients list in a shape this node cannot read');
		});
	});

	describe('U5: the partner services list', () => {
		beforeEach(async () => await readings({ partnerServiceList: 'unrouted' }));

		it('Get Many says Gradient does not serve the list', async () => {
			const { error } = await world.run({ resource: 'partnerService', operation: 'getMany', parameters: { returnAll: true } });
			expect(error?.message).toBe('Gradient does not serve this request (HTTP 404)');
			expect(error?.description).toContain('Gradient has dropped this route');
		});

		it('a create whose answer was lost fails with the create’s own error, the failed read-back noted', async () => {
			await world.script([{ match: { method: 'POST', pathPrefix: '/api/vendor-api/organization/services' }, respond: { status: 503, body: { statusCode: 503, message: 'Service Unavailable' } } }]);
			const { error } = await world.run({
				resource: 'partnerService',
				operation: 'create',
				parameters: { serviceId: 'vault', name: 'Password Vault', description: 'One vault per user' },
			});
			expect(error?.message).toBe('Gradient failed to answer (HTTP 503)');
			expect(error?.description).toContain('reading back what exists failed too: Gradient does not serve this request (HTTP 404)');
			expect(await requests()).toEqual(['POST /api/vendor-api/organization/services', 'GET /api/vendor-api/organization/services']);
		});

		it('the Service list of Usage still offers the vendor services', async () => {
			const listed = await world.listSearch('searchCountableServices');
			expect(listed.results.map((result) => result.value)).toEqual(expect.arrayContaining([SERVER_SKU]));
		});
	});

	describe('U6: a partner service’s description', () => {
		it('a blank one is refused before anything is sent, whichever way Gradient would take it', async () => {
			await readings({ partnerServiceDescription: 'notEmpty' });
			const { error } = await world.run({ resource: 'partnerService', operation: 'create', parameters: { serviceId: 'vault', name: 'Password Vault', description: ' ' } });
			expect(error?.message).toBe('[item 0] Description (description) is empty');
			expect(await world.journal()).toEqual([]);
			const created = await world.run({ resource: 'partnerService', operation: 'create', parameters: { serviceId: 'vault', name: 'Password Vault', description: 'One vault per user' } });
			expect(created.error).toBeUndefined();
		});
	});

	describe('U7: a vendor key Gradient does not know', () => {
		beforeEach(async () => await readings({ unknownVendorKey: 'vendorProfileNotFound' }));

		it('"Vendor Profile Not Found" on any route points at the vendor key', async () => {
			for (const run of [
				{ resource: 'vendor', operation: 'get' },
				{ resource: 'account', operation: 'getMany', parameters: { returnAll: true } },
				{ resource: 'partner', operation: 'get' },
			]) {
				const { error } = await world.run({ ...run, credentials: { vendorApiKey: 'not-a-vendor-key' } });
				expect(error?.message).toBe('Gradient knows no vendor with this Vendor API Key (HTTP 404)');
				expect(error?.description).toContain('Check the Vendor API Key');
			}
		});

		it('a count is "failed", not "unmapped"', async () => {
			const { items } = await world.run({
				resource: 'usage',
				operation: 'set',
				parameters: { serviceId: { __rl: true, mode: 'id', value: SERVER_SKU }, accountId: { __rl: true, mode: 'id', value: 'a-1' }, unitCount: 1 },
				credentials: { vendorApiKey: 'not-a-vendor-key', partnerApiKey: PARTNER_A_KEY },
				continueOnFail: true,
			});
			expect(jsonOf(items)).toEqual([expect.objectContaining({ result: 'failed', message: expect.stringContaining('Gradient knows no vendor with this Vendor API Key') })]);
		});
	});
});
