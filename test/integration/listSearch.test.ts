// The lists the editor shows for a resource locator in list mode, as n8n calls them: with the
// text typed as the filter, and the token of the previous page to scroll on.
import { LIST_SEARCH_LIMIT } from '../../nodes/Gradient/tuning';
import { useGradientWorld, SERVER_SKU } from './gradientWorld';

describe('Resource locator lists', () => {
	const world = useGradientWorld();

	it('pages through more accounts than one page holds, to the last', async () => {
		const items = Array.from({ length: 250 }, (_, index) => ({ id: `bulk-${String(index).padStart(3, '0')}`, name: `Bulk Customer ${index}` }));
		const created = await world.run({ resource: 'account', operation: 'create', parameters: { accountId: '={{ $json.id }}', name: '={{ $json.name }}' }, items });
		expect(created.error).toBeUndefined();

		const first = await world.listSearch('searchAccounts');
		expect(first.results).toHaveLength(LIST_SEARCH_LIMIT);
		expect(first.paginationToken).toBe(String(LIST_SEARCH_LIMIT));
		const second = await world.listSearch('searchAccounts', undefined, first.paginationToken as string);
		expect(second.paginationToken).toBeUndefined();
		const listed = [...first.results, ...second.results].map((result) => result.value);
		expect(listed).toHaveLength(253);
		expect(new Set(listed).size).toBe(253);
		expect(listed).toEqual(expect.arrayContaining(['a-1', 'bulk-000', 'bulk-249']));
	});

	it('filters by name or ID, case-insensitively', async () => {
		const byName = await world.listSearch('searchAccounts', 'alpha');
		expect(byName).toEqual({ results: [{ name: 'Alpha Ltd', value: 'a-1', description: 'a-1' }], paginationToken: undefined });
		const services = await world.listSearch('searchServices', SERVER_SKU.slice(-6));
		expect(services.results).toEqual([{ name: 'Server Backup', value: SERVER_SKU, description: SERVER_SKU }]);
	});

	it('gives up on a Gradient that asks to wait longer than someone watching a list would, instead of spinning', async () => {
		await world.script([
			{ match: { method: 'GET', pathPrefix: '/api/vendor-api/organization/accounts' }, respond: { status: 429, headers: { 'Retry-After': '20' }, body: { statusCode: 429, message: 'Request limit reached' } } },
		]);
		await expect(world.listSearch('searchAccounts')).rejects.toThrow("Gradient's rate limit was reached (HTTP 429)");
		// Asked to wait 20 s, more than a list waits in all: it gives up on the spot, sending nothing more.
		expect((await world.journal()).map((entry) => entry.status)).toEqual([429]);
	});
});
