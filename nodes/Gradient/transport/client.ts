import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	DEFAULT_CONCURRENCY,
	DEFAULT_MAX_ATTEMPTS,
	DEFAULT_REQUESTS_PER_SECOND,
	MAX_RATE_LIMITED_WAIT_MS,
	REQUEST_TIMEOUT_MS,
	SHARED_LIMIT_EVIDENCE_MS,
} from '../tuning';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { apiErrorFromResponse, apiErrorFromTransportFailure, networkErrorCode } from './errors';
import type { SendOutcome } from './rateLimiter';
import { RateLimiter } from './rateLimiter';
import type { GradientContext, GradientRequest, GradientResponse, PartnerScope, RequestSettings } from './request';
import type { Attempt, RetryHistory } from './retry';
import { defaultRetryPolicy, recordAttempt, retryDelayMs } from './retry';
import { TaskPool } from './taskPool';

const CREDENTIAL_TYPE = 'gradientApi';

export const DEFAULT_REQUEST_SETTINGS: RequestSettings = {
	requestsPerSecond: DEFAULT_REQUESTS_PER_SECOND,
	concurrency: DEFAULT_CONCURRENCY,
	maxAttempts: DEFAULT_MAX_ATTEMPTS,
	timeoutMs: REQUEST_TIMEOUT_MS,
	rateLimitedWaitMs: MAX_RATE_LIMITED_WAIT_MS,
	rateLimitScope: 'vendor',
};

/**
 * Users paste either the host (Gradient's SDK) or the host plus /api (the Python port and
 * later CLIs): accept both, and any trailing slash.
 */
export function normalizeBaseUrl(baseUrl: string): string {
	return baseUrl.trim().replace(/\/+$/, '').replace(/\/api(\/vendor-api)?$/, '');
}

/**
 * n8n wraps whatever went wrong while sending in a NodeApiError. Only a failed request (no
 * answer: refused, reset, timed out, cancelled) is Gradient's to blame and worth a retry; any
 * other error is a fault in the code that made the request and is thrown as it is.
 */
function isRequestFailure(error: unknown): boolean {
	return error instanceof NodeApiError && networkErrorCode(error) !== undefined;
}

/**
 * One run's way to Gradient: created by the node's router for an execution, by the trigger for
 * a poll and by the editor's list searches, and handed down to every call. It holds what the
 * requests of that run share: the credential read once, how requests are paced and retried,
 * the rate limiter, the task pool, and the partners Gradient refused with a 403.
 *
 * This is the one place the package talks HTTP, through n8n so that proxies and credentials
 * behave.
 */
export class GradientClient {
	readonly node: INode;

	readonly pool: TaskPool;

	private readonly clock: Clock;

	/** One limiter for the run, or one per partner key when each partner has its own pace. */
	private readonly limiters = new Map<string | undefined, RateLimiter>();

	/** With the `partner` scope: when each partner's pace was last cut. */
	private readonly lastCutByPartner = new Map<string | undefined, number>();

	/** With the `partner` scope, once Gradient showed its limit is shared: the one limiter all partners keep. */
	private sharedLimiter: RateLimiter | undefined;

	/** A partner Gradient answered 403 ("anomalous usage") gets no further request in this run. */
	private readonly refusalByPartner = new Map<string | undefined, GradientResponse>();

	private credentialsRead: Promise<ICredentialDataDecryptedObject> | undefined;

	constructor(
		private readonly context: GradientContext,
		readonly settings: RequestSettings = DEFAULT_REQUEST_SETTINGS,
		clock?: Clock,
	) {
		this.node = context.getNode();
		this.clock = clock ?? systemClock('getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined);
		this.pool = new TaskPool(settings.concurrency);
	}

	/**
	 * The credential, read once per run. Without credential data handed to it, n8n reads the
	 * credential from its database and decrypts it for every request: about 1 ms each, and at
	 * times a batch of reads waits 100 ms or more, then all their requests leave together, after
	 * the rate limiter let them go one by one: a burst that Gradient's one-second window refuses.
	 */
	async credentials(): Promise<ICredentialDataDecryptedObject> {
		this.credentialsRead ??= this.context.getCredentials(CREDENTIAL_TYPE);
		return await this.credentialsRead;
	}

	/** The time as the run's clock tells it. */
	now(): number {
		return this.clock.now();
	}

	/**
	 * Sends one request. Every try waits for the rate limiter; 429, 5xx and lost answers are
	 * retried as the request's retry policy allows.
	 */
	async request<T = unknown>(request: GradientRequest, scope: PartnerScope = {}): Promise<GradientResponse<T>> {
		const credentials = await this.credentials();
		const options: IHttpRequestOptions = {
			method: request.method,
			baseURL: normalizeBaseUrl(String(credentials.baseUrl ?? '')),
			url: request.path,
			qs: request.qs,
			// How Gradient parses a list in the query is unverified (its SDK sends `accountIds[]=`).
			// Repeated keys read as a list with either of Express's query parsers; brackets only
			// with the extended one.
			arrayFormat: 'repeat',
			body: request.body,
			json: true,
			headers: { Accept: 'application/json' },
			timeout: this.settings.timeoutMs,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		};
		const credential: IAdditionalCredentialOptions = { credentialsDecrypted: credentialFor(credentials, scope.partnerApiKey) };
		const policy = request.retry ?? defaultRetryPolicy(request.method);

		const throwIfPartnerRefused = () => {
			const refusal = this.refusalByPartner.get(scope.partnerApiKey);
			if (refusal) throw apiErrorFromResponse(this.node, refusal, request, scope);
		};

		const history: RetryHistory = { failures: 0, refusals: 0, rateLimitedWaitMs: 0 };
		for (;;) {
			throwIfPartnerRefused();
			const limiter = this.limiterFor(scope.partnerApiKey);
			const answered = await limiter.waitForSlot();
			const sentAt = this.clock.now();
			let attempt: Attempt | undefined;
			try {
				throwIfPartnerRefused();
				attempt = await this.sendOnce(options, credential);
			} finally {
				answered(outcomeOf(attempt));
			}

			if ('response' in attempt) {
				const { response } = attempt;
				const isSuccess = response.statusCode >= 200 && response.statusCode < 300;
				if (isSuccess || request.acceptStatuses?.includes(response.statusCode)) return response as GradientResponse<T>;
				if (response.statusCode === 403) this.refusalByPartner.set(scope.partnerApiKey, response);
			}

			recordAttempt(history, attempt);
			const waitMs = retryDelayMs(attempt, policy, history, this.settings);
			if (waitMs === undefined) {
				const tries = history.failures + history.refusals;
				throw 'response' in attempt
					? apiErrorFromResponse(this.node, attempt.response, request, scope, tries)
					: apiErrorFromTransportFailure(this.node, attempt.failure, request, scope, tries);
			}
			if ('response' in attempt && attempt.response.statusCode === 429) {
				if (limiter.refused(sentAt)) this.paceCut(scope.partnerApiKey);
				history.rateLimitedWaitMs += waitMs;
			}
			await this.clock.sleep(waitMs);
		}
	}

	/**
	 * Whose pace a request keeps: the run's, or with the `partner` scope its partner's, for a
	 * Gradient that counts its limit per partner token.
	 */
	private limiterFor(partnerApiKey: string | undefined): RateLimiter {
		if (this.sharedLimiter) return this.sharedLimiter;
		const key = this.settings.rateLimitScope === 'partner' ? partnerApiKey : undefined;
		let limiter = this.limiters.get(key);
		if (!limiter) {
			limiter = new RateLimiter(this.settings.requestsPerSecond, this.clock);
			this.limiters.set(key, limiter);
		}
		return limiter;
	}

	/**
	 * With the `partner` scope, cuts of two partners' paces close together say Gradient counts its
	 * limit for them together, not per partner token: from then on every partner keeps one pace,
	 * starting from what theirs added up to, as with the `vendor` scope. Otherwise the partners
	 * that finish early would leave their share of the limit unused while the others' paces grow
	 * back only second by second.
	 */
	private paceCut(partnerApiKey: string | undefined): void {
		if (this.settings.rateLimitScope !== 'partner' || this.sharedLimiter) return;
		const now = this.clock.now();
		const sharedOverload = [...this.lastCutByPartner].some(
			([otherPartner, cutAt]) => otherPartner !== partnerApiKey && now - cutAt <= SHARED_LIMIT_EVIDENCE_MS,
		);
		this.lastCutByPartner.set(partnerApiKey, now);
		if (!sharedOverload) return;
		const paceOfAll = [...this.limiters.values()].reduce((sum, limiter) => sum + limiter.currentPace, 0);
		this.sharedLimiter = new RateLimiter(this.settings.requestsPerSecond, this.clock, paceOfAll);
	}

	/** One try, answering Gradient's response or the error of a request that got none. */
	private async sendOnce(options: IHttpRequestOptions, credential: IAdditionalCredentialOptions): Promise<Attempt> {
		try {
			const response = (await this.context.helpers.httpRequestWithAuthentication.call(
				this.context,
				CREDENTIAL_TYPE,
				options,
				credential,
			)) as GradientResponse;
			return { response };
		} catch (error) {
			if (isRequestFailure(error)) return { failure: error as Error };
			// Nothing was sent (a credential n8n could not apply, say): neither Gradient's fault
			// nor worth a retry.
			throw new NodeOperationError(this.node, error as Error);
		}
	}
}

function outcomeOf(attempt: Attempt | undefined): SendOutcome {
	if (!attempt || 'failure' in attempt) return 'lost';
	return attempt.response.statusCode === 429 ? 'refused' : 'accepted';
}

/**
 * The credential data n8n applies to one request: the credential's own, or with the item's
 * partner key. A copy each time: n8n may write into it.
 */
function credentialFor(credentials: ICredentialDataDecryptedObject, partnerApiKey: string | undefined) {
	const fromItem = partnerApiKey !== undefined;
	return {
		id: fromItem ? 'gradientApi-partner-override' : 'gradientApi',
		name: fromItem ? 'Gradient MSP API (partner key from item)' : 'Gradient MSP API',
		type: CREDENTIAL_TYPE,
		data: fromItem ? { ...credentials, partnerApiKey } : { ...credentials },
	};
}
