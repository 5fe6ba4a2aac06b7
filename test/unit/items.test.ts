import { groupByPartner } from '../../nodes/Gradient/shared/items';
import { normalizeBaseUrl } from '../../nodes/Gradient/transport/client';

describe('groupByPartner', () => {
	it('splits items by partner key in first-seen order and keeps item order inside', () => {
		const requests = [
			{ itemIndex: 0, partnerApiKey: 'b', parameters: 'b0' },
			{ itemIndex: 1, partnerApiKey: undefined, parameters: 'c1' },
			{ itemIndex: 2, partnerApiKey: 'b', parameters: 'b2' },
			{ itemIndex: 3, partnerApiKey: 'a', parameters: 'a3' },
			{ itemIndex: 4, partnerApiKey: undefined, parameters: 'c4' },
		];
		expect(
			groupByPartner(requests).map((batch) => [batch.partnerApiKey, batch.requests.map((request) => request.itemIndex)]),
		).toEqual([
			['b', [0, 2]],
			[undefined, [1, 4]],
			['a', [3]],
		]);
	});
});

describe('normalizeBaseUrl', () => {
	it.each([
		['https://app.usegradient.com', 'https://app.usegradient.com'],
		['https://app.usegradient.com/', 'https://app.usegradient.com'],
		['https://app.usegradient.com/api', 'https://app.usegradient.com'],
		[' https://app.usegradient.com/api/ ', 'https://app.usegradient.com'],
		['https://app.usegradient.com/api/vendor-api', 'https://app.usegradient.com'],
		['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
	])('%s → %s', (given, expected) => {
		expect(normalizeBaseUrl(given)).toBe(expected);
	});
});
