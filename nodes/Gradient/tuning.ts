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
 * Tries per request, the first included, counting failures only (5xx, timeouts, dropped
 * connections). Four waits of the backoff below add up to about 4 s: enough to ride out a
 * dropped connection or a short 5xx spell, short enough that a real outage fails the item
 * instead of stalling the run. A 429 is not a failure: Gradient did nothing and said when to
 * come back (see MAX_RATE_LIMITED_WAIT_MS).
 */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * The longest one request waits out 429s, all of them together. Executions that share a
 * vendor key (parallel workflows, queue-mode workers) take turns at Gradient's limit: a request
 * may be refused many times while the others go through. Ten minutes outlasts any such
 * queue of a nightly sync; a limit that never lets a request through is reported instead.
 */
export const MAX_RATE_LIMITED_WAIT_MS = 600_000;

/**
 * After a 429 soon after another, the pace drops to this share of what Gradient accepted from
 * the limiter in the last second: that is its share of a limit it shares with others (other
 * executions on the vendor key, other partners of the run), and a little under it leaves room
 * for their next requests instead of refusing some of them.
 */
export const PACE_AFTER_OVERLOAD = 0.9;

/**
 * One cut keeps at least this share of the pace. What Gradient accepted in the last second
 * can be far below a limiter's share when its requests were waiting out 429s, and a pace cut
 * to nothing takes seconds to grow back.
 */
export const MOST_CUT_AT_ONCE = 0.5;

/**
 * The first quarter second without a 429 after a cut raises the pace by this many requests a
 * second, each next quarter second by twice the step before, up to Requests Per Second.
 * Limiters sharing one limit probe gently at first, by the same amount each, so unequal shares
 * even out; one left alone (the others have finished) is back at its ceiling within about two
 * seconds: stepping each second instead left the limit idle while the last executions grew
 * back (docs/pacing.md has the measurements).
 */
export const PACE_RECOVERY_FIRST_STEP = 1;

/** How often the pace steps up while no 429 comes: see PACE_RECOVERY_FIRST_STEP. */
export const PACE_RECOVERY_INTERVAL_MS = 250;

/**
 * A 429 within this long after the previous one is a repeated overload. A lone one is a network
 * hiccup that bunched requests at Gradient: only the refused request waits.
 */
export const REPEATED_OVERLOAD_MS = 3_000;

/**
 * With the Rate Limit Scope "each partner", two partners' paces cut within this long of each
 * other say Gradient's limit is one for all of them.
 */
export const SHARED_LIMIT_EVIDENCE_MS = 3_000;

/** The pace never drops below this, so a refused execution keeps moving. */
export const MIN_REQUESTS_PER_SECOND = 1;

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
 * Accounts or partner services sent in one bulk create, at most. Gradient's backend is NestJS,
 * whose default JSON body limit is 100 kB (Gradient's own limit is not published); 500 short
 * records stay well inside it.
 */
export const RECORDS_PER_BULK_CREATE = 500;

/** Bytes of JSON in one bulk create, at most: long descriptions end a bulk before 500 records. */
export const BULK_CREATE_MAX_BYTES = 90_000;

/** Safety stop for the deprecated clients list, which pages with a cursor. */
export const MAX_CLIENT_PAGES = 10_000;

/**
 * How requests are sent where waiting long helps no one: the editor's lists, where someone is
 * waiting, and the trigger's polls. n8n waits for a poll when it activates the workflow (a
 * poll that fails there fails the activation) and starts the next one on schedule whether or
 * not the last has ended; a failed poll stores nothing, so the next one still emits every
 * change. A Gradient that keeps answering 429 (a nightly sync spending the vendor's limit, say)
 * yields an error after about 15 s per request, one that does not answer after two tries of
 * 15 s, instead of after minutes.
 */
export const SHORT_WAIT_REQUEST_SETTINGS = {
	requestsPerSecond: DEFAULT_REQUESTS_PER_SECOND,
	concurrency: DEFAULT_CONCURRENCY,
	maxAttempts: 2,
	timeoutMs: 15_000,
	rateLimitedWaitMs: 15_000,
	rateLimitScope: 'vendor' as const,
};

/** How many entries one page of a resource-locator list holds; the editor asks for the next as the user scrolls. */
export const LIST_SEARCH_LIMIT = 200;

/**
 * Skip Unchanged forgets a pair it has not set for this long, and a partner no run served for
 * this long: a pair that comes back is simply sent. Keeps the memory of departed customers and
 * partners from growing for ever.
 */
export const MEMORY_FORGET_AFTER_DAYS = 90;

/**
 * How many run-start marks n8n's deduplication store keeps for one node: one per partner and
 * run, so this covers every partner of many runs; older marks are of memories long replaced.
 */
export const MEMORY_JOURNAL_ENTRIES = 10_000;

/** With Skip Unchanged, an unchanged count is sent again once it is this many days old. */
export const DEFAULT_RESEND_AFTER_DAYS = 7;
