// The clients list pages with a cursor Gradient hands back. A list that never ends must stop
// with an error rather than run forever or end quietly short; the page cap is lowered here so
// that the emulator's 120 clients (pages of 50) reach it.
import { useGradientWorld, PARTNER_B_KEY } from './gradientWorld';

jest.mock('../../nodes/Gradient/tuning', () => ({ ...jest.requireActual('../../nodes/Gradient/tuning'), MAX_CLIENT_PAGES: 2 }));

describe('Client → Get Many at the page cap', () => {
	const world = useGradientWorld();

	it('ends in an error that says how many clients were read, not in a short list', async () => {
		const { items, error } = await world.run({ resource: 'client', operation: 'getMany', parameters: { returnAll: true, options: { partnerApiKey: PARTNER_B_KEY } } });
		expect(items).toEqual([]);
		expect(error?.constructor.name).toBe('NodeApiError');
		expect(error?.message).toBe('Gradient kept returning pages of clients');
		expect(error?.description).toBe(
			'The list did not end within 2 pages; 100 clients were read before stopping. Narrow it with Search, or turn off Return All.',
		);
		expect(await world.journal()).toHaveLength(2);
	});

	it('a limit reached within the cap is no error', async () => {
		const { items, error } = await world.run({ resource: 'client', operation: 'getMany', parameters: { returnAll: false, limit: 100, options: { partnerApiKey: PARTNER_B_KEY } } });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(100);
	});
});
