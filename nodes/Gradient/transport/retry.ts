import type { IHttpRequestMethods } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { MAX_RETRY_AFTER_MS, RETRY_BACKOFF_BASE_MS, RETRY_BACKOFF_CAP_MS } from '../tuning';
import { retryAfterSeconds } from './answers';
import type { GradientResponse, RequestSettings, RetryPolicy } from './request';

/** Reads and PATCH updates can be repeated; a POST creates unless its caller says otherwise. */
export function defaultRetryPolicy(method: IHttpRequestMethods): RetryPolicy {
	return method === 'POST' ? 'onlyIfRefused' : 'always';
}

/** One try: Gradient's answer, or the error of a request that got none (reset, timeout). */
export type Attempt = { response: GradientResponse } | { failure: Error };

/**
 * Exponential backoff with equal jitter: between half and all of base × 2^(try − 1), capped.
 * The jitter keeps requests that failed together from coming back together.
 */
export function backoffMs(attemptNumber: number, random: () => number = Math.random): number {
	const ceiling = Math.min(RETRY_BACKOFF_CAP_MS, RETRY_BACKOFF_BASE_MS * 2 ** (attemptNumber - 1));
	return ceiling / 2 + (random() * ceiling) / 2;
}

/** What one request went through so far, this attempt included. */
export interface RetryHistory {
	/** Tries that failed: a 5xx, a timeout, a dropped connection. */
	failures: number;
	/** Tries Gradient refused with a 429. */
	refusals: number;
	/** Waited on 429s before this attempt, in all. */
	rateLimitedWaitMs: number;
}

export function recordAttempt(history: RetryHistory, attempt: Attempt): void {
	if ('response' in attempt && attempt.response.statusCode === 429) history.refusals++;
	else history.failures++;
}

/**
 * A 429 means Gradient did nothing: any request may be sent again, and waiting is not failing,
 * so it uses none of Max Attempts. Waiting is bounded instead: by the longest Retry-After
 * honoured, and by `rateLimitedWaitMs` for the request in all. A Retry-After of 0 still waits
 * the first backoff step, so that a server that keeps refusing with it uses up that bound
 * instead of being asked again forever.
 */
function rateLimitedDelayMs(
	headers: GradientResponse['headers'],
	history: RetryHistory,
	rateLimitedWaitMs: number,
): number | undefined {
	const askedSeconds = retryAfterSeconds(headers);
	if (askedSeconds !== undefined && askedSeconds * 1000 > MAX_RETRY_AFTER_MS) return undefined;
	const waitMs = askedSeconds === undefined ? backoffMs(history.refusals) : Math.max(askedSeconds * 1000, RETRY_BACKOFF_BASE_MS);
	return history.rateLimitedWaitMs + waitMs <= rateLimitedWaitMs ? waitMs : undefined;
}

/** How long to wait before trying again after this attempt, or undefined to stop here. */
export function retryDelayMs(
	attempt: Attempt,
	policy: RetryPolicy,
	history: RetryHistory,
	{ maxAttempts, rateLimitedWaitMs }: Pick<RequestSettings, 'maxAttempts' | 'rateLimitedWaitMs'>,
): number | undefined {
	if ('response' in attempt && attempt.response.statusCode === 429) {
		return rateLimitedDelayMs(attempt.response.headers, history, rateLimitedWaitMs);
	}
	if (history.failures >= maxAttempts) return undefined;
	if ('failure' in attempt) return policy === 'always' ? backoffMs(history.failures) : undefined;
	if (attempt.response.statusCode >= 500 && policy === 'always') return backoffMs(history.failures);
	return undefined;
}

/**
 * Whether a write that failed with this error may nevertheless have been done: Gradient
 * failed on its side (5xx) or its answer never arrived.
 */
export function mayHaveTakenEffect(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	return !error.httpCode || Number(error.httpCode) >= 500;
}
