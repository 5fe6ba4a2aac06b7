import type { IHttpRequestMethods } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { MAX_RETRY_AFTER_MS, RETRY_BACKOFF_BASE_MS, RETRY_BACKOFF_CAP_MS } from '../tuning';
import { retryAfterSeconds } from './errors';
import type { GradientResponse } from './index';

/**
 * When a failed request may be sent again.
 * - `always`: sending it twice does no harm (reads, setting a count, updates).
 * - `onlyIfRefused`: only after a 429, where Gradient refused before doing anything. A 5xx or
 *   a lost answer may come after the work was done, and sending again would do it twice.
 */
export type RetryPolicy = 'always' | 'onlyIfRefused';

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

/** How long to wait before trying again after this attempt, or undefined to stop here. */
export function retryDelayMs(
	attempt: Attempt,
	policy: RetryPolicy,
	attemptNumber: number,
	maxAttempts: number,
): number | undefined {
	if (attemptNumber >= maxAttempts) return undefined;
	if ('failure' in attempt) return policy === 'always' ? backoffMs(attemptNumber) : undefined;

	const { statusCode, headers } = attempt.response;
	if (statusCode === 429) {
		const askedSeconds = retryAfterSeconds(headers);
		if (askedSeconds === undefined) return backoffMs(attemptNumber);
		return askedSeconds * 1000 <= MAX_RETRY_AFTER_MS ? askedSeconds * 1000 : undefined;
	}
	if (statusCode >= 500 && policy === 'always') return backoffMs(attemptNumber);
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
