// Incremental usage sync: Skip Unchanged and Zero Missing, run after run, as a published
// workflow runs them (mode 'trigger', the static data n8n saves handed to the next run) and as
// the editor's test run does (mode 'manual', nothing saved).
import type { IDataObject } from 'n8n-workflow';

import type { RunResult } from './gradientWorld';
import {
	useGradientWorld,
	NODE_UNDER_TEST,
	PARTNER_A_KEY,
	PARTNER_A_ORG,
	SERVER_SKU,
	VENDOR_KEY,
	WORKSTATION_SKU,
	jsonOf,
	secretsOf,
} from './gradientWorld';

interface Row extends IDataObject {
	account: string;
	service: string;
	count: number;
}

const row = (account: string, service: string, count: number): Row => ({ account, name: `Customer ${account}`, service, count });

describe('Incremental usage sync', () => {
	const world = useGradientWorld();

	const syncParameters = (options: IDataObject = {}) => ({
		accountId: '={{ $json.account }}',
		accountName: '={{ $json.name }}',
		service: '={{ $json.service }}',
		unitCount: '={{ $json.count }}',
		options: { skipUnchanged: true, zeroMissing: true, ...options },
	});

	/** Runs Sync as a published workflow would, from the static data of the run before. */
	async function sync(
		rows: Row[],
		staticData: IDataObject,
		{ mode = 'trigger', options = {}, continueOnFail = false }: { mode?: 'trigger' | 'manual'; options?: IDataObject; continueOnFail?: boolean } = {},
	) {
		await world.clearJournal();
		return await world.run({ resource: 'usage', operation: 'sync', parameters: syncParameters(options), items: rows, mode, staticData, continueOnFail });
	}

	const countsSent = async () =>
		(await world.journal())
			.filter((entry) => entry.path.endsWith('/count'))
			.map((entry) => {
				const body = entry.body as { accountId: string; unitCount: number };
				return `${body.accountId} ${entry.path.split('/')[4] === SERVER_SKU ? 'server' : 'workstation'} ${body.unitCount}${entry.query.no_build ? '' : ' rebuild'}`;
			});

	const held = async () =>
		Object.fromEntries(
			(await world.partner(PARTNER_A_ORG)).unitCounts.map((count) => [
				`${count.accountId} ${count.serviceId === SERVER_SKU ? 'server' : 'workstation'}`,
				count.unitCount,
			]),
		);

	const results = (run: RunResult) => jsonOf(run.items).map((json) => [json.accountId, json.result, json.previousUnitCount]);

	const firstNight = [row('a-1', SERVER_SKU, 5), row('a-1', WORKSTATION_SKU, 3), row('a-2', SERVER_SKU, 7), row('a-3', SERVER_SKU, 2)];

	it('sends only what changed, zeroes what left, sends again what Gradient did not take, and rebuilds billing once each run', async () => {
		const first = await sync(firstNight, {});
		expect(first.error).toBeUndefined();
		expect(results(first)).toEqual([
			['a-1', 'set', null],
			['a-1', 'set', null],
			['a-2', 'set', null],
			['a-3', 'unmapped', null],
		]);
		// a-3's count, the last, was not taken: the last count that was is sent again to rebuild billing.
		expect(await countsSent()).toEqual(['a-1 server 5', 'a-1 workstation 3', 'a-2 server 7', 'a-3 server 2 rebuild', 'a-2 server 7 rebuild']);

		// The MSP maps a-3; a-1's workstation count changes, a-2 leaves, a-4 is a new customer.
		await world.map({ organizationId: PARTNER_A_ORG, accountIds: ['a-3'] });
		const secondNight = [row('a-1', SERVER_SKU, 5), row('a-1', WORKSTATION_SKU, 4), row('a-3', SERVER_SKU, 2), row('a-4', SERVER_SKU, 1), row('a-1', SERVER_SKU, 5)];
		const second = await sync(secondNight, first.staticData);
		expect(results(second)).toEqual([
			['a-1', 'unchanged', 5],
			['a-1', 'set', 3],
			['a-3', 'set', null],
			['a-4', 'unmapped', null],
			['a-1', 'set', 5],
			['a-2', 'zeroed', 7],
		]);
		expect(second.items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4, 4].map((item) => ({ item })));
		// The last item goes last, alone without no_build, though unchanged.
		expect(await countsSent()).toEqual(['a-1 workstation 4', 'a-3 server 2', 'a-4 server 1', 'a-2 server 0', 'a-1 server 5 rebuild']);
		expect(await held()).toEqual({ 'a-1 server': 5, 'a-1 workstation': 4, 'a-2 server': 0, 'a-3 server': 2 });

		// The MSP disconnects: Gradient deletes the accounts and their counts; Sync creates them again.
		await world.disconnect(PARTNER_A_ORG);
		const third = await sync(secondNight, second.staticData);
		expect(jsonOf(third.items).map((json) => json.result)).not.toContain('unchanged');
		expect(await countsSent()).toEqual(['a-1 server 5', 'a-1 workstation 4', 'a-3 server 2', 'a-4 server 1', 'a-1 server 5 rebuild']);

		// The MSP maps everything again; a night where nothing changed sends the last count only,
		// and the pairs left out are not zeroed again.
		await world.map({ organizationId: PARTNER_A_ORG, accountIds: '*', serviceIds: '*' });
		const fourth = await sync(secondNight, third.staticData);
		expect(await countsSent()).toEqual(['a-1 server 5', 'a-1 workstation 4', 'a-3 server 2', 'a-4 server 1', 'a-1 server 5 rebuild']);
		const fifth = await sync(secondNight, fourth.staticData);
		expect(jsonOf(fifth.items).map((json) => json.result)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'set']);
		expect(await countsSent()).toEqual(['a-1 server 5 rebuild']);
	});

	it('a pair given two counts in one run is sent each time, whatever the memory holds', async () => {
		const first = await sync(firstNight, {});
		const second = await sync([row('a-1', SERVER_SKU, 6), row('a-1', SERVER_SKU, 5), ...firstNight.slice(1)], first.staticData);
		expect(results(second).slice(0, 2)).toEqual([
			['a-1', 'set', 5],
			['a-1', 'set', 5],
		]);
		expect((await countsSent()).slice(0, 2)).toEqual(['a-1 server 6', 'a-1 server 5']);
		expect((await held())['a-1 server']).toBe(5);

		const third = await sync(firstNight, second.staticData);
		expect(results(third)[0]).toEqual(['a-1', 'unchanged', 5]);
	});

	describe('Zero Missing zeroes nothing for a partner when one of its items failed before its count was sent', () => {
		// a-2 leaves after the first night; each run below also has an item that fails before counting.
		const stays = [row('a-1', SERVER_SKU, 5), row('a-1', WORKSTATION_SKU, 3)];
		const cases: Array<{ failure: string; rows: Row[]; failedItem: number; options?: IDataObject; before?: () => Promise<void> }> = [
			{ failure: 'bad input, the last item', rows: [...stays, row('a-3', SERVER_SKU, -1)], failedItem: 2 },
			{ failure: 'a service that does not resolve', rows: [stays[0], row('a-3', 'No such service', 2), stays[1]], failedItem: 1 },
			{
				failure: 'an account that could not be created',
				rows: [stays[0], row('a-9', SERVER_SKU, 1), stays[1]],
				failedItem: 1,
				before: async () =>
					await world.script([
						{
							match: { method: 'POST', pathPrefix: '/api/vendor-api/organization/accounts' },
							respond: { status: 400, body: { statusCode: 400, message: ['name must be shorter'], error: 'Bad Request' } },
						},
					]),
			},
			{
				failure: 'a Partner API Key that does not read, so the item could be any partner’s',
				rows: [{ ...stays[0], partnerKey: PARTNER_A_KEY }, { ...row('a-3', SERVER_SKU, 2), partnerKey: '' }, { ...stays[1], partnerKey: PARTNER_A_KEY }],
				failedItem: 1,
				options: { partnerApiKey: '={{ $json.partnerKey }}' },
			},
		];

		it.each(cases)('$failure', async ({ rows, failedItem, options, before }) => {
			const first = await sync(firstNight, {});
			await before?.();
			const second = await sync(rows, first.staticData, { options, continueOnFail: true });
			expect(second.error).toBeUndefined();
			const outputs = jsonOf(second.items);
			expect(outputs.map((json) => json.result)).toEqual(rows.map((_, index) => (index === failedItem ? 'failed' : index === 0 ? 'unchanged' : 'set')));
			expect(await countsSent()).toEqual(['a-1 workstation 3 rebuild']);
			expect((await held())['a-2 server']).toBe(7);
			const lastCounted = outputs.filter((json) => json.result !== 'failed').pop();
			expect(lastCounted?.message).toContain(`Zero Missing sent no 0 for the 1 remembered pair this run's items leave out: item ${failedItem} failed`);

			// The next run whose items all get through zeroes a-2, paired to the partner's last item.
			const third = await sync(stays, second.staticData);
			expect(results(third)).toEqual([
				['a-1', 'unchanged', 5],
				['a-1', 'set', 3],
				['a-2', 'zeroed', 7],
			]);
			expect(third.items.map((item) => item.pairedItem)).toEqual([0, 1, 1].map((item) => ({ item })));
			expect((await held())['a-2 server']).toBe(0);
		});
	});

	it('an editor test run is not remembered: the next run sends every count of the partners it touched once', async () => {
		const first = await sync(firstNight, {});
		const test = await sync([row('a-1', SERVER_SKU, 99), ...firstNight.slice(1)], first.staticData, { mode: 'manual' });
		expect(test.staticData).toEqual(first.staticData);
		expect(await countsSent()).toEqual(['a-1 server 99', 'a-3 server 2 rebuild', 'a-1 server 99 rebuild']);

		const next = await sync(firstNight, first.staticData);
		expect(jsonOf(next.items).map((json) => json.result)).not.toContain('unchanged');
		expect(jsonOf(next.items).pop()?.message).toContain('Skip Unchanged sent every count of this partner: an earlier run started from the same memory');
		expect((await held())['a-1 server']).toBe(5);
		const after = await sync(firstNight, next.staticData);
		expect(jsonOf(after.items).map((json) => json.result)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unmapped']);
		expect(jsonOf(after.items).pop()?.message).not.toContain('Skip Unchanged');
	});

	it('a run that died before n8n saved its memory costs the next run extra sends, never a skipped change', async () => {
		const first = await sync(firstNight, {});
		// It sent a-1's 6, then died: n8n saved nothing, the next run starts from the first's memory.
		await sync([row('a-1', SERVER_SKU, 6), ...firstNight.slice(1)], first.staticData);
		const next = await sync(firstNight, first.staticData);
		expect(jsonOf(next.items)[0]).toEqual(expect.objectContaining({ result: 'set', unitCount: 5, previousUnitCount: 5 }));
		expect((await held())['a-1 server']).toBe(5);
	});

	it('sends an unchanged count again once it is older than Resend After Days', async () => {
		const first = await sync(firstNight, {});
		const memoryKey = `node:${NODE_UNDER_TEST}`;
		const stored = JSON.parse(String((first.staticData[memoryKey] as IDataObject).usageMemory));
		for (const partner of Object.values(stored.partners) as Array<{ pairs: Record<string, Record<string, [number, number]>> }>) {
			for (const accounts of Object.values(partner.pairs)) for (const pair of Object.values(accounts)) pair[1] -= 8 * 24 * 60;
		}
		const eightDaysLater = { ...first.staticData, [memoryKey]: { usageMemory: JSON.stringify(stored) } };

		const within30 = await sync(firstNight, eightDaysLater, { options: { resendAfterDays: 30 } });
		expect(jsonOf(within30.items).map((json) => json.result)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unmapped']);
		const within7 = await sync(firstNight, eightDaysLater);
		expect(jsonOf(within7.items).map((json) => json.result)).toEqual(['set', 'set', 'set', 'unmapped']);
	});

	it('keeps no key and no token in the memory', async () => {
		const first = await sync(firstNight, {});
		const saved = JSON.stringify(first.staticData);
		expect(saved).toContain('usageMemory');
		for (const secret of secretsOf(PARTNER_A_KEY)) expect(saved).not.toContain(secret);
		expect(saved).not.toContain(VENDOR_KEY);
	});

	it('Set with Skip Unchanged sends again the counts of accounts Gradient no longer lists', async () => {
		const setParameters = {
			serviceId: { __rl: true, mode: 'id', value: SERVER_SKU },
			accountId: { __rl: true, mode: 'id', value: '={{ $json.account }}' },
			unitCount: '={{ $json.count }}',
			options: { skipUnchanged: true },
		};
		const rows = [{ account: 'a-1', count: 5 }, { account: 'a-2', count: 7 }, { account: 'a-1', count: 5 }];
		const first = await world.run({ resource: 'usage', operation: 'set', parameters: setParameters, items: rows, mode: 'trigger' });
		await world.clearJournal();
		const second = await world.run({ resource: 'usage', operation: 'set', parameters: setParameters, items: rows, mode: 'trigger', staticData: first.staticData });
		expect(jsonOf(second.items).map((json) => json.result)).toEqual(['unchanged', 'unchanged', 'set']);
		expect((await world.journal()).map((entry) => `${entry.method} ${entry.path.split('/').pop()}`)).toEqual(['GET accounts', 'POST count']);

		await world.disconnect(PARTNER_A_ORG);
		const third = await world.run({ resource: 'usage', operation: 'set', parameters: setParameters, items: rows, mode: 'trigger', staticData: second.staticData });
		expect(jsonOf(third.items).map((json) => json.result)).toEqual(['unmapped', 'unmapped', 'unmapped']);
	});

	it('with both options off, the output and the requests are as before: no previousUnitCount, every count sent', async () => {
		const first = await sync(firstNight, {}, { options: { skipUnchanged: false, zeroMissing: false } });
		expect(jsonOf(first.items)[0]).not.toHaveProperty('previousUnitCount');
		expect(first.staticData).toEqual({});
		const second = await sync(firstNight, first.staticData, { options: { skipUnchanged: false, zeroMissing: false } });
		expect(await countsSent()).toHaveLength(5);
		expect(jsonOf(second.items).map((json) => json.result)).toEqual(['set', 'set', 'set', 'unmapped']);
	});
});
