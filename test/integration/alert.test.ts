import { useGradientWorld, PARTNER_A_ORG, SERVER_SKU, jsonOf } from './gradientWorld';

describe('Alert', () => {
	const world = useGradientWorld();

	const alert = {
		accountId: { __rl: true, mode: 'id', value: '={{ $json.account }}' },
		title: '={{ $json.title }}',
		description: 'Backup job 42 failed twice',
		alertId: '={{ $json.eventId }}',
		priority: 3,
		status: 1,
		additionalFields: { serviceId: SERVER_SKU, dueDateTime: '2026-12-01T09:00:00Z' },
	};

	it('Create queues a PSA ticket and Get Status follows it to success', async () => {
		const created = await world.run({
			resource: 'alert',
			operation: 'create',
			parameters: alert,
			items: [{ account: 'a-1', title: 'Backup failed on SRV-01', eventId: 'evt-1' }],
		});
		const answer = jsonOf(created.items)[0];
		expect(answer).toEqual(expect.objectContaining({ accountId: 'a-1', alertId: 'evt-1', messageId: expect.stringMatching(/^[0-9a-f-]{36}$/) }));
		expect((await world.journal())[0]).toEqual(
			expect.objectContaining({
				path: '/api/vendor-api/alerting/a-1',
				body: {
					title: 'Backup failed on SRV-01',
					description: 'Backup job 42 failed twice',
					alertId: 'evt-1',
					priority: 3,
					status: 1,
					serviceId: SERVER_SKU,
					dueDateTime: '2026-12-01T09:00:00.000Z',
				},
			}),
		);

		const pending = await world.run({ resource: 'alert', operation: 'getStatus', parameters: { messageId: answer.messageId } });
		expect(jsonOf(pending.items)[0].status).toBe('pending');
		await world.advanceAlert(String(answer.messageId), { status: 'success', ticketId: 'T-1001' });
		const done = await world.run({ resource: 'alert', operation: 'getStatus', parameters: { messageId: answer.messageId } });
		expect(jsonOf(done.items)[0]).toEqual(expect.objectContaining({ status: 'success', ticketId: 'T-1001' }));
		expect((await world.partner(PARTNER_A_ORG)).status).toBe('active');
	});

	it('checks priority and status ranges before sending', async () => {
		const { error } = await world.run({
			resource: 'alert',
			operation: 'create',
			parameters: { ...alert, status: 7 },
			items: [{ account: 'a-1', title: 'T', eventId: 'e' }],
		});
		expect(error?.message).toBe('[item 0] Status (status) must be a whole number from 1 to 6, got number 7');
		expect(await world.journal()).toEqual([]);
	});

	it('an alert for an unknown account is a 404 telling to create the account', async () => {
		const { error } = await world.run({
			resource: 'alert',
			operation: 'create',
			parameters: alert,
			items: [{ account: 'ghost', title: 'T', eventId: 'e' }],
		});
		expect(error?.httpCode).toBe('404');
		expect(error?.description).toContain('Create it first');
	});
});
