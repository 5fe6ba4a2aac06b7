import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

/** The n8n contexts that talk to Gradient: a node run, the editor's lists, the trigger's polls. */
export type GradientContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/**
 * When a failed request may be sent again.
 * - `always`: sending it twice does no harm (reads, setting a count, updates).
 * - `onlyIfRefused`: only after a 429, where Gradient refused before doing anything. A 5xx or
 *   a lost answer may come after the work was done, and sending again would do it twice.
 */
export type RetryPolicy = 'always' | 'onlyIfRefused';

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
	/** What it means when Gradient does not serve the route at all, where that is more than a wrong Base URL. */
	unknownRouteHint?: string;
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

/** How one run paces, retries and overlaps its requests. */
export interface RequestSettings {
	requestsPerSecond: number;
	/** Requests waiting for Gradient's answer at once, for the run's task pool. */
	concurrency: number;
	maxAttempts: number;
	timeoutMs: number;
	/** The longest one request waits out 429s, all of them together. */
	rateLimitedWaitMs: number;
	/**
	 * What Requests Per Second covers: the whole run (`vendor`, right when Gradient counts its
	 * limit per vendor key), or each partner of the run (`partner`, right when it counts per
	 * partner token).
	 */
	rateLimitScope: RateLimitScope;
}

export type RateLimitScope = 'vendor' | 'partner';
