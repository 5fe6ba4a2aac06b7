import { NodeApiError } from 'n8n-workflow';

import { apiErrorFromResponse, apiErrorFromTransportFailure } from '../../nodes/Gradient/transport/errors';
import { gradientNode } from './fixtures';

const node = gradientNode;
const request = { method: 'GET' as const, path: '/api/vendor-api/organization/accounts' };

function answer(statusCode: number, body: unknown, headers = {}) {
	return apiErrorFromResponse(node, { statusCode, body, headers }, request, { itemIndex: 3 });
}

describe('Gradient answers become actionable NodeApiErrors', () => {
	it('401 names the keys to check and where the partner key came from', () => {
		const fromCredential = answer(401, { statusCode: 401, message: 'Unauthorized' });
		expect(fromCredential).toBeInstanceOf(NodeApiError);
		expect(fromCredential.message).toBe('Gradient did not accept the API keys (HTTP 401)');
		expect(fromCredential.description).toContain('Partner API Key in the credential');
		expect(fromCredential.description).toContain('Gradient said: "Unauthorized"');
		expect(fromCredential.httpCode).toBe('401');
		expect(fromCredential.context.itemIndex).toBe(3);

		const fromItem = apiErrorFromResponse(node, { statusCode: 401, body: {}, headers: {} }, request, {
			itemIndex: 0,
			partnerApiKey: 'partner-secret',
		});
		expect(fromItem.description).toContain("this item's Partner API Key option");
		expect(JSON.stringify(fromItem)).not.toContain('partner-secret');
	});

	it('quotes a proxy\'s HTML page as short text, and never a GRADIENT-TOKEN it echoes back', () => {
		const page = `<html><head><style>body { color: red }</style></head><body><h1>502 Bad Gateway</h1><p>GRADIENT-TOKEN: dmVuZG9yOnBhcnRuZXI=</p>${'<p>padding</p>'.repeat(200)}</body></html>`;
		const error = answer(502, page);
		expect(error.description).toContain('Gradient said: "502 Bad Gateway GRADIENT-TOKEN: [redacted] padding padding');
		expect(JSON.stringify(error)).not.toContain('dmVuZG9yOnBhcnRuZXI=');
		expect(JSON.stringify(error)).not.toContain('<p>');
		expect(JSON.stringify(error)).not.toContain('color: red');
		expect(error.description!.length).toBeLessThan(600);
	});

	it('keeps Gradient validation messages (a list) in the description', () => {
		const error = answer(400, { statusCode: 400, message: ['name must be a string', 'id should not be empty'] });
		expect(error.description).toContain('name must be a string; id should not be empty');
	});

	it('429 says how long Gradient asked to wait', () => {
		const error = answer(429, { message: 'Request limit reached (100 requests a second)' }, { 'retry-after': '2' });
		expect(error.message).toBe("Gradient's rate limit was reached (HTTP 429)");
		expect(error.description).toContain('It asked to wait 2 s.');
		expect(error.context.retryAfterSeconds).toBe(2);
	});

	it.each([
		[403, 'anomalous usage'],
		[404, 'no such record'],
		[409, 'already exists'],
		[503, 'failed to answer'],
	])('%i is explained', (status, text) => {
		expect(answer(status, { message: 'x' }).message).toContain(text);
	});

	it.each([
		[503, 'Gradient failed to answer (HTTP 503)'],
		[418, 'Gradient answered with an error (HTTP 418)'],
	])('%i names its status once', (status, message) => {
		expect(answer(status, { message: 'x' }).message).toBe(message);
	});

	it('a dropped connection names the network code and nothing of the request', () => {
		const failure = Object.assign(new Error('socket hang up'), {
			cause: { code: 'ECONNRESET', config: { headers: { 'GRADIENT-TOKEN': 'c2VjcmV0' } } },
		});
		const error = apiErrorFromTransportFailure(node, failure, request, { itemIndex: 1 });
		expect(error.message).toBe('Could not reach Gradient');
		expect(error.description).toContain('(ECONNRESET)');
		expect(JSON.stringify({ ...error, description: error.description, message: error.message })).not.toContain('c2VjcmV0');
	});
});
