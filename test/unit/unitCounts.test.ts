import type { CountResult, CountToPush } from '../../nodes/Gradient/api/unitCounts';
import { countRequest, countToSendAgain, meansUnmapped } from '../../nodes/Gradient/api/unitCounts';

describe('what a 404 to a count means', () => {
	it.each([
		[{ statusCode: 404, message: 'Account not found or not mapped', error: 'Not Found' }, true],
		[{ statusCode: 404, message: ['service is not mapped'] }, true],
	])('Gradient’s own JSON error %j is "unmapped"', (body, unmapped) => {
		expect(meansUnmapped(body)).toBe(unmapped);
	});

	it.each([
		{ body: { statusCode: 404, message: 'Cannot POST /api/vendor-api/service/x/count' }, why: 'a route Gradient does not serve' },
		{ body: { statusCode: 404, message: 'Vendor Profile Not Found' }, why: 'a vendor key Gradient does not know' },
		{ body: '<html><body>404 Not Found</body></html>', why: "a proxy's page" },
		{ body: {}, why: 'an empty JSON answer' },
		{ body: null, why: 'no answer at all' },
		{ body: [{ message: 'x' }], why: 'a list' },
	])('$body is an error, not "unmapped" ($why)', ({ body }) => {
		expect(meansUnmapped(body)).toBe(false);
	});
});

describe('the request that sets a count', () => {
	it('asks Gradient not to rebuild billing, except for the one that should', () => {
		const count = { serviceId: 'sku/1', accountId: 'cust-1', unitCount: 2.5 };
		expect(countRequest(count, false)).toMatchObject({
			method: 'POST',
			path: '/api/vendor-api/service/sku%2F1/count',
			qs: { no_build: true },
			body: { accountId: 'cust-1', unitCount: 2.5 },
			retry: 'always',
		});
		expect(countRequest(count, true).qs).toEqual({});
	});
});

describe('the count sent again so that billing is rebuilt', () => {
	const count = (accountId: string, serviceId = 'sku-1'): CountToPush => ({ serviceId, accountId, unitCount: 1, itemIndex: 0 });
	const outcome = (result: CountResult['result']) => ({ result }) as CountResult;

	it('is the last count that was set', () => {
		const counts = [count('a'), count('b'), count('c')];
		expect(countToSendAgain(counts, [outcome('set'), outcome('set'), outcome('unmapped')])).toBe(1);
	});

	it('skips a count that a later item for the same account and service replaced, even if that item failed', () => {
		const counts = [count('a'), count('b'), count('b'), count('c')];
		expect(countToSendAgain(counts, [outcome('set'), outcome('set'), outcome('failed'), outcome('unmapped')])).toBe(0);
	});

	it('is none when no count was set', () => {
		expect(countToSendAgain([count('a'), count('b')], [outcome('unmapped'), outcome('failed')])).toBe(-1);
	});
});
