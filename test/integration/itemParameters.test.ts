import type { IDataObject } from 'n8n-workflow';

import { PARTNER_A_KEY, PARTNER_B_KEY, SERVER_SKU, WORKSTATION_SKU, jsonOf, useGradientWorld } from './gradientWorld';

/**
 * Field references (`{{ $json.field }}`) are read from the item without n8n's expression engine.
 * Each case runs twice: mapped with field references, and with the same paths in parentheses,
 * which n8n resolves itself. Both runs must give the same outputs and send the same requests.
 */
describe('Field references read as n8n resolves them', () => {
	const world = useGradientWorld();

	const rows: IDataObject[] = [
		{ key: PARTNER_A_KEY, account: 'a-1', service: { id: SERVER_SKU }, 'unit count': 5 },
		{ key: PARTNER_B_KEY, account: 'b-1', service: { id: SERVER_SKU }, 'unit count': '7' },
		{ key: PARTNER_A_KEY, account: ' a-2 ', service: { id: WORKSTATION_SKU }, 'unit count': 2.5 },
		{ key: PARTNER_A_KEY, account: 1042, service: { id: SERVER_SKU }, 'unit count': 0 },
		{ key: PARTNER_A_KEY, account: 'a-1', service: { id: WORKSTATION_SKU }, 'unit count': -1 },
		{ key: PARTNER_A_KEY, account: 'a-1', service: { id: WORKSTATION_SKU }, 'unit count': 'many' },
		{ key: PARTNER_A_KEY, account: 'a-1', service: { id: WORKSTATION_SKU }, 'unit count': null },
		{ key: PARTNER_A_KEY, account: 'a-1', service: { id: WORKSTATION_SKU }, 'unit count': true },
		{ key: PARTNER_A_KEY, account: 'a-1', service: { id: WORKSTATION_SKU } },
		{ key: PARTNER_A_KEY, account: 'a-1', service: { id: WORKSTATION_SKU }, 'unit count': { value: 3 } },
		{ key: PARTNER_A_KEY, account: '', service: { id: SERVER_SKU }, 'unit count': 1 },
		{ key: PARTNER_A_KEY, account: 'a-3', service: {}, 'unit count': 1 },
		{ key: PARTNER_A_KEY, account: 'a-3', 'unit count': 1 },
		{ key: '', account: 'a-1', service: { id: SERVER_SKU }, 'unit count': 1 },
		{ account: 'a-1', service: { id: SERVER_SKU }, 'unit count': 1 },
	];

	function parametersWith(reference: (path: string) => string): IDataObject {
		return {
			serviceId: { __rl: true, mode: 'id', value: reference('$json.service.id') },
			accountId: { __rl: true, mode: 'id', value: reference('$json.account') },
			unitCount: reference('$json["unit count"]'),
			options: { partnerApiKey: reference('$json.key') },
		};
	}

	async function setCounts(reference: (path: string) => string) {
		await world.reset();
		const { items, error } = await world.run({
			resource: 'usage',
			operation: 'set',
			parameters: parametersWith(reference),
			items: rows,
			continueOnFail: true,
		});
		const sent = (await world.journal())
			.filter((entry) => entry.path.endsWith('/count'))
			.map((entry) => JSON.stringify([entry.organizationId, entry.body, entry.query]))
			.sort();
		return { error, outputs: jsonOf(items), pairedItems: items.map((item) => item.pairedItem), sent };
	}

	it('gives the same outputs, errors and requests as the expression engine, item by item', async () => {
		const byReference = await setCounts((path) => `={{ ${path} }}`);
		const byExpression = await setCounts((path) => `={{ (${path}) }}`);

		expect(byReference.error).toBeUndefined();
		expect(byReference.outputs.map((json) => json.result ?? json.error)).toEqual([
			'set',
			'unmapped',
			'set',
			'unmapped',
			'failed',
			'failed',
			'failed',
			'failed',
			'failed',
			'failed',
			'failed',
			'failed',
			'failed',
			'failed',
			'failed',
		]);
		expect(byReference.sent).toHaveLength(4 + 1);
		expect(byReference).toEqual(byExpression);
	});

	it('an option mapped to a field the item lacks is an error, not a fallback to the credential\'s partner', async () => {
		const { outputs } = await setCounts((path) => `={{ ${path} }}`);
		const hint = ": Remove the option to use the credential's partner key, or make its expression give every item a key.";
		expect(outputs[14].message).toBe(`[item 14] Partner API Key (options.partnerApiKey) is set but empty for this item${hint}`);
		expect(outputs[13].message).toBe(`[item 13] Partner API Key (options.partnerApiKey) is set but empty for this item${hint}`);
	});
});
