/**
 * Every number that tunes how the node talks to Gradient lives here.
 */

/**
 * Gradient allows 100 requests a second and answers 429 beyond. Ten below it leaves room for
 * whatever else uses the same vendor key meanwhile (another workflow, the editor's lists) and
 * for a window Gradient may cut differently from ours.
 */
export const DEFAULT_REQUESTS_PER_SECOND = 90;

/**
 * Requests in flight at once. At 90 a second, 20 keep the ceiling reachable while Gradient
 * takes up to ~220 ms to answer, without opening hundreds of sockets when it slows down.
 */
export const DEFAULT_CONCURRENCY = 20;

/**
 * Tries per request, the first included. Four waits of the backoff below add up to about
 * 4 s: enough to ride out a dropped connection or a short 5xx spell, short enough that a
 * real outage fails the item instead of stalling the run.
 */
export const DEFAULT_MAX_ATTEMPTS = 5;

/** First backoff before retrying a 5xx or a lost connection; doubles on each further try. */
export const RETRY_BACKOFF_BASE_MS = 250;

/** The backoff stops doubling here, so a high Max Attempts waits longer but never minutes per try. */
export const RETRY_BACKOFF_CAP_MS = 8_000;

/**
 * The longest Retry-After honoured. Gradient's window is one second; an answer asking for
 * more than a minute is an outage or a block, better reported than waited out.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * How long one request may take before it counts as lost (and is retried when that is safe).
 * Gradient answers in well under a second; 30 s only gives up on a request that hangs.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Accounts or partner services sent in one bulk create. Gradient's backend is NestJS, whose
 * default JSON body limit is 100 kB; 500 short records stay well inside it.
 */
export const RECORDS_PER_BULK_CREATE = 500;

/** Safety stop for the deprecated clients list, which pages with a cursor. */
export const MAX_CLIENT_PAGES = 10_000;

/** How many entries a resource-locator list shows when the user has not typed a filter. */
export const LIST_SEARCH_LIMIT = 200;
