// The emulator without its HTTP server: state, configuration, the vendor API's answers, and the
// controls the admin surface (and tests holding `emulator`) use to play the partner's part.
import { readFileSync } from 'node:fs';

import { authenticate } from './auth.mjs';
import { HttpError, badRequest, notFound, routeNotFound, tooManyRequests } from './errors.mjs';
import {
	createFaultInjector,
	createRateLimiter,
	createScriptQueue,
	normalizeFaults,
	normalizeRateLimit,
} from './faults.mjs';
import { createIdFactory } from './ids.mjs';
import { createJournal, createStats } from './journal.mjs';
import { normalizeReadings } from './readings.mjs';
import { createRouter } from './router.mjs';
import { vendorApiRoutes } from './routes.mjs';
import { allPartners, createState, disconnect, mergeSeed, setMapped, stateView } from './state.mjs';
import { assertObject, isPlainObject } from './validation.mjs';

const DEFAULT_SEED_FILE = new URL('./seed.default.json', import.meta.url);

/** The seed the CLI and `startEmulator` use when given none. */
export const loadDefaultSeed = () => JSON.parse(readFileSync(DEFAULT_SEED_FILE, 'utf8'));

// Gradient's documented limit (docs/gradient-api.md §6), named by forced 429s when no limit is set.
const DOCUMENTED_REQUESTS_PER_SECOND = 100;

const OPTION_SCHEMA = {
	latencyMs: { type: 'number', min: 0 },
	randomSeed: { type: 'integer' },
	journalLimit: { type: 'integer', min: 0 },
	clientsPageSize: { type: 'integer', min: 1 },
};

const PARTNER_SELECTOR_SCHEMA = {
	organizationId: { type: 'string', required: true, notEmpty: true },
	// needed only when one MSP organization is a partner of several vendors
	vendorId: { type: 'string' },
};

const idList = { type: 'idList' };
const MAP_SCHEMA = { ...PARTNER_SELECTOR_SCHEMA, accountIds: idList, serviceIds: idList, mapped: { type: 'boolean' } };
const FORBID_SCHEMA = { ...PARTNER_SELECTOR_SCHEMA, forbidden: { type: 'boolean', required: true } };
const ALERT_OUTCOME_SCHEMA = {
	status: { type: 'string', required: true, oneOf: ['success', 'failed'] },
	ticketId: { type: 'string' },
	errors: { type: 'any' },
	statusCode: { type: 'integer' },
};
const CONFIG_SCHEMA = {
	latencyMs: OPTION_SCHEMA.latencyMs,
	rateLimit: { type: 'any' },
	faults: { type: 'any' },
	readings: { type: 'any' },
};

/** Validated configuration: { latencyMs, rateLimit, faults, readings }, each optional in `partial`. */
function normalizeConfig(partial) {
	assertObject(partial, CONFIG_SCHEMA);
	const config = {};
	if (partial.latencyMs !== undefined) config.latencyMs = partial.latencyMs;
	if (partial.rateLimit !== undefined) config.rateLimit = normalizeRateLimit(partial.rateLimit);
	if (partial.faults !== undefined) config.faults = normalizeFaults(partial.faults ?? {});
	if (partial.readings !== undefined) config.readings = normalizeReadings(partial.readings);
	return config;
}

/**
 * @param {object} [options] see README: seed, latencyMs, rateLimit, faults, readings, randomSeed,
 *   journalLimit, clientsPageSize (host and port belong to startEmulator).
 */
export function createEmulator(options = {}) {
	const { seed, rateLimit = null, faults = {}, readings = {}, ...plainOptions } = options;
	const {
		latencyMs = 0,
		randomSeed = 1,
		journalLimit = 10000,
		clientsPageSize = 50,
	} = assertObject(plainOptions, OPTION_SCHEMA);
	const startConfig = normalizeConfig({ latencyMs, rateLimit, faults, readings });
	const startSeed = structuredClone(seed ?? loadDefaultSeed());
	const matchVendorRoute = createRouter(vendorApiRoutes);
	const settings = { clientsPageSize };

	let state;
	let ids;
	let config;
	let planFault;
	let limitRate;
	let journal;
	let stats;
	let script;

	function configure(partial) {
		const changes = normalizeConfig(partial);
		config = { ...config, ...changes };
		// A new injector restarts the PRNG, so a run's faults depend only on what follows this call.
		if (changes.faults) planFault = createFaultInjector(config.faults, randomSeed);
		if (changes.rateLimit !== undefined) limitRate = config.rateLimit && createRateLimiter(config.rateLimit);
		return { ...config };
	}

	function reset(nextSeed = startSeed) {
		const nextIds = createIdFactory();
		const nextState = createState();
		// Built aside first: a bad seed leaves the running emulator as it was.
		mergeSeed(nextState, nextSeed, nextIds);
		ids = nextIds;
		state = nextState;
		journal = createJournal(journalLimit);
		stats = createStats();
		script = createScriptQueue();
		config = {};
		configure(startConfig);
	}

	function findPartnerByOrganization({ organizationId, vendorId }) {
		const matches = allPartners(state).filter(
			(partner) => partner.organizationId === organizationId && (!vendorId || partner.vendor.id === vendorId),
		);
		if (matches.length === 0) throw notFound(`No partner with organizationId ${organizationId}`);
		if (matches.length > 1) {
			throw badRequest([`organizationId ${organizationId} is a partner of several vendors: add vendorId`]);
		}
		return matches[0];
	}

	function rateLimitScopeKey(partner) {
		if (config.rateLimit.scope === 'global') return 'global';
		// The vendor id and integration id stand for the vendor key and the full token: no key is kept.
		return config.rateLimit.scope === 'vendor' ? partner.vendor.id : partner.integrationId;
	}

	/**
	 * The vendor API's answer to one request, in Nest's order: body parsing, routing, the auth
	 * guard, the rate limit, validation and the handler. Returns { status, body, headers,
	 * vendorId, organizationId, rateLimited }; ids are null until the token is accepted.
	 */
	function answer({ method, url, headers, body, bodyError }) {
		const identity = { vendorId: null, organizationId: null, rateLimited: false };
		try {
			if (bodyError) throw bodyError;
			const match = matchVendorRoute(method, url.pathname);
			// A route some reading says Gradient no longer serves answers like one it never had.
			if (!match || !match.route.isServed(config.readings)) {
				throw routeNotFound(method, url.pathname + url.search);
			}
			const partner = authenticate(state, headers, config.readings);
			identity.vendorId = partner.vendor.id;
			identity.organizationId = partner.organizationId;
			const verdict = limitRate?.(rateLimitScopeKey(partner));
			if (verdict && !verdict.allowed) {
				identity.rateLimited = true;
				throw tooManyRequests(config.rateLimit.requestsPerSecond, verdict.retryAfterSeconds);
			}
			const result = match.route.handle({
				partner,
				params: match.params,
				query: url.searchParams,
				body,
				ids,
				settings,
				readings: config.readings,
			});
			return { ...result, headers: {}, ...identity };
		} catch (error) {
			if (!(error instanceof HttpError)) throw error;
			return { ...error.toResponse(), ...identity };
		}
	}

	/** Scripted entries first, then the random faults; see faults.mjs for the plan's shape. */
	function plan(method, pathname) {
		const faultPlan =
			script.take(method, pathname) ?? planFault(config.rateLimit?.requestsPerSecond ?? DOCUMENTED_REQUESTS_PER_SECOND);
		return { ...faultPlan, delayMs: config.latencyMs + faultPlan.extraDelayMs };
	}

	function map(body) {
		const { accountIds, serviceIds, mapped = true } = assertObject(body, MAP_SCHEMA);
		const partner = findPartnerByOrganization(body);
		setMapped(partner, { accountIds, serviceIds, mapped, ids });
		return stateView(state);
	}

	function advanceAlert(messageId, body) {
		const { status, ticketId, errors = [], statusCode = null } = assertObject(body, ALERT_OUTCOME_SCHEMA);
		if (!Array.isArray(errors) || !errors.every((error) => typeof error === 'string')) {
			throw badRequest(['errors must be an array of strings']);
		}
		const alert = allPartners(state)
			.map((partner) => partner.alerts.get(messageId))
			.find(Boolean);
		if (!alert) throw notFound(`No alert found with id: ${messageId}`);
		alert.state = status;
		if (status === 'success') {
			alert.ticketId = ticketId ?? ids.objectId();
			alert.createdAt = new Date().toISOString();
		} else {
			alert.errors = errors;
			alert.statusCode = statusCode;
		}
		return alert;
	}

	reset();

	return {
		answer,
		plan,
		journal: () => journal,
		stats: () => stats,
		state: () => stateView(state),
		reset(body = {}) {
			if (!isPlainObject(body)) throw badRequest(['body must be an object']);
			reset(body.seed ?? startSeed);
			return stateView(state);
		},
		mergeSeed(nextSeed) {
			mergeSeed(state, nextSeed, ids);
			return stateView(state);
		},
		map,
		disconnect(body) {
			disconnect(findPartnerByOrganization(assertObject(body, PARTNER_SELECTOR_SCHEMA)));
			return stateView(state);
		},
		forbid(body) {
			findPartnerByOrganization(assertObject(body, FORBID_SCHEMA)).forbidden = body.forbidden;
			return stateView(state);
		},
		advanceAlert,
		configure,
		appendScript(body) {
			if (!isPlainObject(body)) throw badRequest(['body must be an object']);
			script.append(body.entries);
			return { appended: body.entries.length };
		},
	};
}
