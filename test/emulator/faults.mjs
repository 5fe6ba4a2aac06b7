// Everything that makes the emulator misbehave on purpose: the rate limiter (docs/gradient-api.md
// §6), random faults drawn from a seeded PRNG, and a scripted queue of exact answers for precise
// tests.
import { badRequest, serviceUnavailable, tooManyRequests } from './errors.mjs';
import { assertObject, isPlainObject, objectMessages, throwIfInvalid } from './validation.mjs';

const RATE_LIMIT_SCOPES = ['vendor', 'token', 'global'];

const WINDOW_MS = 1000;
const probability = { type: 'number', min: 0, max: 1 };

const RATE_LIMIT_SCHEMA = {
	requestsPerSecond: { type: 'integer', required: true, min: 1 },
	scope: { type: 'string', oneOf: RATE_LIMIT_SCOPES },
};

const FAULTS_SCHEMA = {
	serverErrorRate: probability,
	resetRate: probability,
	resetAfterWriteRate: probability,
	slowRate: probability,
	slowMs: { type: 'number', min: 0 },
	burst429: { type: 'any' },
};

const BURST_429_SCHEMA = {
	everyNthRequest: { type: 'integer', required: true, min: 1 },
	retryAfterSeconds: { type: 'integer', min: 0 },
};

// `respond` is checked by shape below: an answer, { reset: true } or { resetAfterWrite: true }.
const SCRIPT_ENTRY_SCHEMA = { match: { type: 'any' }, respond: { type: 'any' } };

const SCRIPT_MATCH_SCHEMA = {
	method: { type: 'string' },
	pathPrefix: { type: 'string' },
};

const SCRIPT_RESPONSE_SCHEMA = {
	status: { type: 'integer', required: true, min: 100, max: 599 },
	body: { type: 'any' },
	headers: { type: 'object' },
};

/** Validates a `rateLimit` option: null (off) or { requestsPerSecond, scope = 'token' }. */
export function normalizeRateLimit(rateLimit) {
	if (rateLimit === null || rateLimit === undefined) return null;
	assertObject(rateLimit, RATE_LIMIT_SCHEMA, 'rateLimit');
	// §9 U20: Gradient does not say what its limit counts per; the token is the default.
	return { requestsPerSecond: rateLimit.requestsPerSecond, scope: rateLimit.scope ?? 'token' };
}

/** Validates a `faults` option; absent kinds are off. */
export function normalizeFaults(faults = {}) {
	assertObject(faults, FAULTS_SCHEMA, 'faults');
	const { burst429 } = faults;
	if (burst429 !== undefined && burst429 !== null) {
		assertObject(burst429, BURST_429_SCHEMA, 'faults.burst429');
	}
	return {
		serverErrorRate: faults.serverErrorRate ?? 0,
		resetRate: faults.resetRate ?? 0,
		resetAfterWriteRate: faults.resetAfterWriteRate ?? 0,
		slowRate: faults.slowRate ?? 0,
		slowMs: faults.slowMs ?? 0,
		burst429: burst429
			? { everyNthRequest: burst429.everyNthRequest, retryAfterSeconds: burst429.retryAfterSeconds ?? 1 }
			: null,
	};
}

/** mulberry32: a tiny, well-distributed 32-bit PRNG; returns floats in [0, 1). */
function mulberry32(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let mixed = state;
		mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
		mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * A plan for one vendor API request: { reset, resetAfterWrite, extraDelayMs, response? }, where
 * `response` ({ status, body, headers }) replaces the real answer. Decisions depend only on
 * `randomSeed` and the number of requests since this injector was made (at start, reset or
 * reconfiguration).
 */
export function createFaultInjector(faults, randomSeed) {
	const random = mulberry32(randomSeed);
	let requestCount = 0;
	/** @param {number} requestsPerSecond the limit a forced 429 names in its message */
	return (requestsPerSecond) => {
		requestCount += 1;
		// One draw per kind on every request, in a fixed order, so that switching one kind on or off
		// does not change which requests another kind hits.
		const draws = { reset: random(), serverError: random(), slow: random(), resetAfterWrite: random() };
		const plan = {
			reset: draws.reset < faults.resetRate,
			resetAfterWrite: draws.resetAfterWrite < faults.resetAfterWriteRate,
			extraDelayMs: draws.slow < faults.slowRate ? faults.slowMs : 0,
		};
		if (draws.serverError < faults.serverErrorRate) {
			plan.response = serviceUnavailable().toResponse();
		} else if (faults.burst429 && requestCount % faults.burst429.everyNthRequest === 0) {
			plan.response = tooManyRequests(requestsPerSecond, faults.burst429.retryAfterSeconds).toResponse();
		}
		return plan;
	};
}

function scriptEntryMessages(entry, path) {
	const messages = objectMessages(entry, SCRIPT_ENTRY_SCHEMA, path);
	if (!isPlainObject(entry)) return messages;
	if (entry.match !== undefined) messages.push(...objectMessages(entry.match, SCRIPT_MATCH_SCHEMA, `${path}.match`));
	const { respond } = entry;
	if (respond?.reset === true || respond?.resetAfterWrite === true) {
		if (Object.keys(respond).length !== 1) messages.push(`${path}.respond: reset or resetAfterWrite stands alone`);
		return messages;
	}
	messages.push(...objectMessages(respond, SCRIPT_RESPONSE_SCHEMA, `${path}.respond`));
	return messages;
}

/**
 * Scripted answers, each consumed by the first later vendor API request it matches (method
 * compared case-insensitively, path by prefix). Returns the same plan shape as the fault injector.
 */
export function createScriptQueue() {
	const entries = [];
	return {
		append(newEntries) {
			if (!Array.isArray(newEntries)) throw badRequest(['entries must be an array']);
			throwIfInvalid(newEntries.flatMap((entry, index) => scriptEntryMessages(entry, `entries[${index}]`)));
			entries.push(...newEntries);
		},
		take(method, pathname) {
			const index = entries.findIndex(
				({ match = {} }) =>
					(!match.method || match.method.toUpperCase() === method) &&
					(!match.pathPrefix || pathname.startsWith(match.pathPrefix)),
			);
			if (index === -1) return undefined;
			const [{ respond }] = entries.splice(index, 1);
			if (respond.reset) return { reset: true, resetAfterWrite: false, extraDelayMs: 0 };
			if (respond.resetAfterWrite) return { reset: false, resetAfterWrite: true, extraDelayMs: 0 };
			return { reset: false, resetAfterWrite: false, extraDelayMs: 0, response: respond };
		},
	};
}

/**
 * Sliding one-second window per scope key. Only accepted requests enter the window, so a client
 * that keeps hammering while limited is not punished beyond the window.
 */
export function createRateLimiter({ requestsPerSecond }) {
	const windows = new Map();
	return (scopeKey, now = Date.now()) => {
		const accepted = (windows.get(scopeKey) ?? []).filter((time) => time > now - WINDOW_MS);
		windows.set(scopeKey, accepted);
		if (accepted.length >= requestsPerSecond) {
			return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((accepted[0] + WINDOW_MS - now) / 1000)) };
		}
		accepted.push(now);
		return { allowed: true };
	};
}
