/**
 * Every number that tunes how the node talks to Gradient lives here.
 */

/** How long one request may take before it counts as failed. */
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
