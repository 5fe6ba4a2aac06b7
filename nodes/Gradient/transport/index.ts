import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { DEFAULT_MAX_ATTEMPTS, DEFAULT_REQUESTS_PER_SECOND, MAX_RATE_LIMITED_WAIT_MS, REQUEST_TIMEOUT_MS } from '../tuning';
import { apiErrorFromResponse, apiErrorFromTransportFailure } from './errors';
import { RateLimiter } from './rateLimiter';
import type { Attempt, RetryHistory, RetryPolicy } from './retry';
import { defaultRetryPolicy, recordAttempt, retryDelayMs } from './retry';

export type GradientContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

const CREDENTIAL_TYPE = 'gradientApi';

export interface GradientRequest {
	method: IHttpRequestMethods;
	/** Path under the host, always starting with /api/vendor-api. */
	path: string;
	body?: IDataObject | IDataObject[];
	qs?: IDataObject;
	/** Statuses the caller handles itself instead of raising an error (e.g. 404 on counts). */
	acceptStatuses?: number[];
	/** What a 404 means for this call and how to fix it. */
	notFoundHint?: string;
	/** When a failed try may be sent again; by default reads and updates always, creates only after a 429. */
	retry?: RetryPolicy;
}

/** Who a request is for: the credential's partner, or a partner key given on the item. */
export interface PartnerScope {
	/** The partner key to use instead of the credential's, or undefined for the credential's. */
	partnerApiKey?: string;
	/** The item the request serves, for error messages. */
	itemIndex?: number;
}

export interface GradientResponse<T = unknown> {
	statusCode: number;
	body: T;
	headers: IDataObject;
}

/** How one node execution paces and retries its requests. */
export interface RequestSettings {
	requestsPerSecond: number;
	maxAttempts: number;
	timeoutMs: number;
	/** The longest one request waits out 429s, all of them together. */
	rateLimitedWaitMs: number;
}

const DEFAULT_REQUEST_SETTINGS: RequestSettings = {
	requestsPerSecond: DEFAULT_REQUESTS_PER_SECOND,
	maxAttempts: DEFAULT_MAX_ATTEMPTS,
	timeoutMs: REQUEST_TIMEOUT_MS,
	rateLimitedWaitMs: MAX_RATE_LIMITED_WAIT_MS,
};

/** What the requests of one node execution share: one vendor key, so one rate ceiling. */
interface ExecutionRequests {
	settings: RequestSettings;
	limiter: RateLimiter;
	/** A partner Gradient answered 403 ("anomalous usage") gets no further request in this execution. */
	refusalByPartner: Map<string | undefined, GradientResponse>;
}

// Keyed on n8n's context object, which lives exactly as long as one node execution.
const executions = new WeakMap<GradientContext, ExecutionRequests>();
const credentialsByExecution = new WeakMap<GradientContext, Promise<ICredentialDataDecryptedObject>>();

function cancelSignalOf(context: GradientContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
}

/** Sets how this execution's requests are paced and retried; call it before its first request. */
export function useRequestSettings(context: GradientContext, settings: RequestSettings): void {
	executions.set(context, {
		settings,
		limiter: new RateLimiter(settings.requestsPerSecond, cancelSignalOf(context)),
		refusalByPartner: new Map(),
	});
}

function requestsOf(context: GradientContext): ExecutionRequests {
	if (!executions.has(context)) useRequestSettings(context, DEFAULT_REQUEST_SETTINGS);
	return executions.get(context) as ExecutionRequests;
}

export function requestSettingsOf(context: GradientContext): RequestSettings {
	return requestsOf(context).settings;
}

/**
 * The credential, read once per execution. Without credential data handed to it, n8n reads the
 * credential from its database and decrypts it for every request: about 1 ms each, and at times
 * a batch of reads waits 100 ms or more, then all their requests leave together, after the rate
 * limiter let them go one by one. Such a burst is what Gradient's one-second window refuses
 * (3 answers of 429 in 3,000 counts, in one benchmark run of two).
 */
export async function credentialsOf(context: GradientContext): Promise<ICredentialDataDecryptedObject> {
	let credentials = credentialsByExecution.get(context);
	if (!credentials) {
		credentials = context.getCredentials(CREDENTIAL_TYPE);
		credentialsByExecution.set(context, credentials);
	}
	return await credentials;
}

/**
 * Users paste either the host (Gradient's SDK) or the host plus /api (the Python port and
 * later CLIs): accept both, and any trailing slash.
 */
export function normalizeBaseUrl(baseUrl: string): string {
	return baseUrl.trim().replace(/\/+$/, '').replace(/\/api(\/vendor-api)?$/, '');
}

/**
 * The one place this package talks HTTP: through n8n, so proxies and credentials behave.
 * Every try waits for the execution's rate limiter; 429, 5xx and lost answers are retried as
 * the request's retry policy allows.
 */
export async function gradientApiRequest<T = unknown>(
	context: GradientContext,
	request: GradientRequest,
	scope: PartnerScope = {},
): Promise<GradientResponse<T>> {
	const credentials = await credentialsOf(context);
	const execution = requestsOf(context);
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
		timeout: execution.settings.timeoutMs,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	const credential: IAdditionalCredentialOptions = { credentialsDecrypted: credentialFor(credentials, scope.partnerApiKey) };
	const policy = request.retry ?? defaultRetryPolicy(request.method);

	const throwIfPartnerRefused = () => {
		const refusal = execution.refusalByPartner.get(scope.partnerApiKey);
		if (refusal) throw apiErrorFromResponse(context.getNode(), refusal, request, scope);
	};

	const history: RetryHistory = { failures: 0, refusals: 0, rateLimitedWaitMs: 0 };
	for (;;) {
		throwIfPartnerRefused();
		const answered = await execution.limiter.waitForSlot();
		const sentAt = Date.now();
		let attempt: Attempt;
		try {
			throwIfPartnerRefused();
			attempt = await sendOnce(context, options, credential);
		} finally {
			answered();
		}

		if ('response' in attempt) {
			const { response } = attempt;
			const isSuccess = response.statusCode >= 200 && response.statusCode < 300;
			if (isSuccess || request.acceptStatuses?.includes(response.statusCode)) return response as GradientResponse<T>;
			if (response.statusCode === 403) execution.refusalByPartner.set(scope.partnerApiKey, response);
		}

		recordAttempt(history, attempt);
		const waitMs = retryDelayMs(attempt, policy, history, execution.settings);
		if (waitMs === undefined) {
			const tries = history.failures + history.refusals;
			throw 'response' in attempt
				? apiErrorFromResponse(context.getNode(), attempt.response, request, scope, tries)
				: apiErrorFromTransportFailure(context.getNode(), attempt.failure, request, scope, tries);
		}
		if ('response' in attempt && attempt.response.statusCode === 429) {
			execution.limiter.refused(sentAt, waitMs);
			history.rateLimitedWaitMs += waitMs;
		}
		await sleep(waitMs, cancelSignalOf(context));
	}
}

/** One try, answering Gradient's response or the error of a request that got none. */
async function sendOnce(
	context: GradientContext,
	options: IHttpRequestOptions,
	credential: IAdditionalCredentialOptions,
): Promise<Attempt> {
	try {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			options,
			credential,
		)) as GradientResponse;
		return { response };
	} catch (error) {
		return { failure: error as Error };
	}
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
