import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { JsonObject } from 'n8n-workflow';

import { apiErrorFromResponse, apiErrorFromTransportFailure } from '../../nodes/Gradient/transport/errors';
import { backoffMs, defaultRetryPolicy, mayHaveTakenEffect, recordAttempt, retryDelayMs } from '../../nodes/Gradient/transport/retry';
import { MAX_RATE_LIMITED_WAIT_MS, MAX_RETRY_AFTER_MS, RETRY_BACKOFF_BASE_MS, RETRY_BACKOFF_CAP_MS } from '../../nodes/Gradient/tuning';
import { gradientNode } from './fixtures';

const limits = (maxAttempts: number, rateLimitedWaitMs = MAX_RATE_LIMITED_WAIT_MS) => ({ maxAttempts, rateLimitedWaitMs });

const answered = (statusCode: number, headers = {}) => ({ response: { statusCode, body: {}, headers } });
const lost = { failure: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) };
const request = { method: 'POST' as const, path: '/api/vendor-api/organization/accounts' };

/** The history of a request whose latest attempt was the `failures`-th failure or `refusals`-th 429. */
const after = (failures: number, refusals = 0, rateLimitedWaitMs = 0) => ({ failures, refusals, rateLimitedWaitMs });

describe('retryDelayMs', () => {
	it('waits as long as a 429 asks, whatever the request', () => {
		expect(retryDelayMs(answered(429, { 'retry-after': '2' }), 'always', after(0, 1), limits(5))).toBe(2000);
		expect(retryDelayMs(answered(429, { 'retry-after': '0.5' }), 'onlyIfRefused', after(0, 1), limits(5))).toBe(500);
	});

	it('waits at least the first backoff step on "Retry-After: 0", so a server that keeps answering it is given up on in time', () => {
		const refusedNow = answered(429, { 'retry-after': '0' });
		expect(retryDelayMs(refusedNow, 'always', after(0, 1), limits(5))).toBe(RETRY_BACKOFF_BASE_MS);

		const history = after(0, 0);
		let waitedMs = 0;
		for (;;) {
			history.refusals++;
			const waitMs = retryDelayMs(refusedNow, 'always', history, limits(5, 60_000));
			if (waitMs === undefined) break;
			history.rateLimitedWaitMs += waitMs;
			waitedMs += waitMs;
		}
		expect(history.refusals).toBe(60_000 / RETRY_BACKOFF_BASE_MS + 1);
		expect(waitedMs).toBe(60_000);
	});

	it('backs off on a 429 without Retry-After', () => {
		const wait = retryDelayMs(answered(429), 'onlyIfRefused', after(0, 1), limits(5));
		expect(wait).toBeGreaterThanOrEqual(RETRY_BACKOFF_BASE_MS / 2);
		expect(wait).toBeLessThanOrEqual(RETRY_BACKOFF_BASE_MS);
	});

	it('gives up on a 429 that asks for more than the longest wait honoured', () => {
		const seconds = String(MAX_RETRY_AFTER_MS / 1000 + 1);
		expect(retryDelayMs(answered(429, { 'retry-after': seconds }), 'always', after(0, 1), limits(5))).toBeUndefined();
	});

	it('counts no 429 against Max Attempts, only the time waited on them', () => {
		const retryAfterOne = answered(429, { 'retry-after': '1' });
		expect(retryDelayMs(retryAfterOne, 'always', after(0, 40, 39_000), limits(1))).toBe(1000);
		expect(retryDelayMs(retryAfterOne, 'always', after(4, 1), limits(5))).toBe(1000);
		expect(retryDelayMs(retryAfterOne, 'always', after(0, 600, MAX_RATE_LIMITED_WAIT_MS - 1000), limits(5))).toBe(1000);
		expect(retryDelayMs(retryAfterOne, 'always', after(0, 601, MAX_RATE_LIMITED_WAIT_MS), limits(5))).toBeUndefined();
		// A smaller budget, as the editor's lists have: someone is waiting for them.
		expect(retryDelayMs(retryAfterOne, 'always', after(0, 14, 14_000), limits(5, 15_000))).toBe(1000);
		expect(retryDelayMs(retryAfterOne, 'always', after(0, 15, 15_000), limits(5, 15_000))).toBeUndefined();
	});

	it('retries 5xx and lost answers only where sending twice does no harm', () => {
		for (const attempt of [answered(500), answered(503), lost]) {
			expect(retryDelayMs(attempt, 'always', after(2), limits(5))).toBeGreaterThanOrEqual(RETRY_BACKOFF_BASE_MS);
			expect(retryDelayMs(attempt, 'onlyIfRefused', after(2), limits(5))).toBeUndefined();
		}
	});

	it('does not retry what another try would not change', () => {
		for (const status of [400, 401, 403, 404, 409]) {
			expect(retryDelayMs(answered(status), 'always', after(1), limits(5))).toBeUndefined();
		}
	});

	it('stops at the last attempt', () => {
		expect(retryDelayMs(answered(503), 'always', after(4), limits(5))).toBeDefined();
		expect(retryDelayMs(answered(503), 'always', after(5), limits(5))).toBeUndefined();
		expect(retryDelayMs(lost, 'always', after(1, 3), limits(1))).toBeUndefined();
	});
});

describe('recordAttempt', () => {
	it('tells refusals from failures', () => {
		const history = after(0);
		for (const attempt of [answered(429), answered(503), lost, answered(429)]) recordAttempt(history, attempt);
		expect(history).toEqual({ failures: 2, refusals: 2, rateLimitedWaitMs: 0 });
	});
});

describe('backoffMs', () => {
	it('doubles from the base, with jitter between half and all of it, up to the cap', () => {
		expect(backoffMs(1, () => 0)).toBe(RETRY_BACKOFF_BASE_MS / 2);
		expect(backoffMs(1, () => 1)).toBe(RETRY_BACKOFF_BASE_MS);
		expect(backoffMs(3, () => 1)).toBe(RETRY_BACKOFF_BASE_MS * 4);
		expect(backoffMs(30, () => 1)).toBe(RETRY_BACKOFF_CAP_MS);
	});
});

describe('defaultRetryPolicy', () => {
	it('repeats reads and updates, and creates only when refused', () => {
		expect(defaultRetryPolicy('GET')).toBe('always');
		expect(defaultRetryPolicy('PATCH')).toBe('always');
		expect(defaultRetryPolicy('POST')).toBe('onlyIfRefused');
	});
});

describe('mayHaveTakenEffect', () => {
	const scope = { itemIndex: 0 };
	it('is true where Gradient failed on its side or its answer was lost', () => {
		expect(mayHaveTakenEffect(apiErrorFromResponse(gradientNode, answered(502).response, request, scope))).toBe(true);
		expect(mayHaveTakenEffect(apiErrorFromTransportFailure(gradientNode, lost.failure, request, scope))).toBe(true);
	});

	it('is false where Gradient answered that it did nothing', () => {
		expect(mayHaveTakenEffect(apiErrorFromResponse(gradientNode, answered(409).response, request, scope))).toBe(false);
		expect(mayHaveTakenEffect(apiErrorFromResponse(gradientNode, answered(429).response, request, scope))).toBe(false);
		expect(mayHaveTakenEffect(new NodeOperationError(gradientNode, 'bad input'))).toBe(false);
		expect(mayHaveTakenEffect(new NodeApiError(gradientNode, { message: 'x' } as JsonObject, { httpCode: '400' }))).toBe(false);
	});
});
