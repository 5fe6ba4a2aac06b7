import { useGradientWorld, NODE_UNDER_TEST, PARTNER_A_KEY, PARTNER_B_KEY, SERVER_SKU, VENDOR_KEY, secretsOf } from './gradientWorld';

describe('Credentials and secrets', () => {
	const world = useGradientWorld();

	it('the credential test passes with good keys and fails with a wrong partner key', async () => {
		expect(await world.testCredential()).toEqual(expect.objectContaining({ status: 'OK' }));
		expect(await world.testCredential({ baseUrl: `${world.url}/api/` })).toEqual(expect.objectContaining({ status: 'OK' }));
		expect(await world.testCredential({ baseUrl: `${world.url}/api/vendor-api` })).toEqual(expect.objectContaining({ status: 'OK' }));
		expect(await world.testCredential({ partnerApiKey: ` ${PARTNER_A_KEY}\n` })).toEqual(expect.objectContaining({ status: 'OK' }));
		expect((await world.testCredential({ partnerApiKey: 'revoked-key' })).status).toBe('Error');
		const calls = (await world.journal()).map((entry) => [entry.path, entry.status]);
		expect(calls.slice(0, 4)).toEqual([
			['/api/vendor-api/organization', 200],
			['/api/vendor-api/organization', 200],
			['/api/vendor-api/organization', 200],
			['/api/vendor-api/organization', 200],
		]);
		// n8n's credential tester may retry a 401 once; every further call must be the rejected one.
		expect(calls.slice(4).length).toBeGreaterThanOrEqual(1);
		expect(new Set(calls.slice(4).map(([path, status]) => `${path} ${status}`))).toEqual(new Set(['/api/vendor-api/organization 401']));
	});

	it('a rejected partner key says which key to check, and no key or token shows anywhere', async () => {
		const revoked = 'revoked-partner-key-123';
		const rows = [
			{ partnerKey: PARTNER_A_KEY, account: 'a-1' },
			{ partnerKey: revoked, account: 'x-1' },
			{ partnerKey: PARTNER_B_KEY, account: 'b-1' },
		];
		const result = await world.run({
			resource: 'usage',
			operation: 'set',
			continueOnFail: true,
			parameters: {
				serviceId: { __rl: true, mode: 'id', value: SERVER_SKU },
				accountId: { __rl: true, mode: 'id', value: '={{ $json.account }}' },
				unitCount: 1,
				options: { partnerApiKey: '={{ $json.partnerKey }}' },
			},
			items: rows,
		});
		const outputs = result.items.map((item) => item.json);
		expect(outputs.map((json) => json.result)).toEqual(['set', 'failed', 'unmapped']);
		expect(outputs[1].message).toContain("the partner key given in this item's Partner API Key option");

		const stopped = await world.run({ resource: 'vendor', operation: 'get', credentials: { vendorApiKey: 'wrong-vendor-key' } });
		expect(stopped.error?.message).toBe('Gradient did not accept the API keys (HTTP 401)');

		// The input items carry the keys by design; what the node itself produced must not.
		const everything = JSON.stringify({
			outputs,
			nodeRun: result.runData[NODE_UNDER_TEST],
			stopped: { ...stopped.error, message: stopped.error?.message, description: stopped.error?.description, stack: stopped.error?.stack },
			stoppedRun: stopped.runData[NODE_UNDER_TEST],
		});
		for (const secret of [...secretsOf(PARTNER_A_KEY, PARTNER_B_KEY, revoked), 'wrong-vendor-key', Buffer.from(`wrong-vendor-key:${PARTNER_A_KEY}`).toString('base64')]) {
			expect(everything).not.toContain(secret);
		}
		expect(everything).not.toContain(VENDOR_KEY);
	});

	it('items without a partner key need one in the credential, checked before sending', async () => {
		const { error } = await world.run({ resource: 'partner', operation: 'get', credentials: { partnerApiKey: '' } });
		expect(error?.message).toBe(
			'[item 0] Partner API Key (options.partnerApiKey) is missing: the credential has no partner key and the item gives none',
		);
		expect(await world.journal()).toEqual([]);
	});

	it('a Partner API Key option that resolves to nothing is an error, not a fallback to another MSP', async () => {
		const { error } = await world.run({
			resource: 'partner',
			operation: 'get',
			parameters: { options: { partnerApiKey: '={{ $json.partnerKey }}' } },
			items: [{ partnerKey: '' }],
		});
		expect(error?.message).toBe('[item 0] Partner API Key (options.partnerApiKey) is set but empty for this item');
		expect(await world.journal()).toEqual([]);
	});
});
