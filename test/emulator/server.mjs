// HTTP front of the Gradient MSP vendor API emulator: reads requests, applies the fault plan
// (latency, resets, forced answers), sends the emulator's answer, and keeps journal and stats.
// Everything outside /__emulator is treated as vendor API traffic.
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';

import { ADMIN_PREFIX, adminRoutes } from './admin.mjs';
import { hasTokenHeader } from './auth.mjs';
import { createEmulator } from './emulator.mjs';
import { HttpError, badRequest, routeNotFound } from './errors.mjs';
import { createRouter } from './router.mjs';

// Nest's body-parser default is 100 kB, but Gradient's real limit is unknown (docs/gradient-api.md
// §9 U22) and bulk account creates can be large; this only guards the emulator itself.
const MAX_BODY_BYTES = 10 * 1024 * 1024;

const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/**
 * Reads and parses a JSON body the way Express's json() parser does: only a JSON content type is
 * parsed (anything else leaves the handler an empty object), and in strict mode only objects and
 * arrays are accepted. Returns { body, journalBody, bodyError? }; throws only if the socket fails.
 */
async function readJsonBody(request) {
	const chunks = [];
	let size = 0;
	for await (const chunk of request) {
		size += chunk.length;
		if (size <= MAX_BODY_BYTES) chunks.push(chunk);
	}
	const empty = { body: {}, journalBody: null };
	if (size > MAX_BODY_BYTES) return { ...empty, bodyError: new HttpError(413, 'request entity too large') };
	if (size === 0 || !JSON_MEDIA_TYPE.test(request.headers['content-type'] ?? '')) return empty;
	let parsed;
	try {
		parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
	} catch {
		return { ...empty, bodyError: badRequest('Request body is not valid JSON') };
	}
	if (typeof parsed !== 'object' || parsed === null) {
		return { ...empty, bodyError: badRequest('Request body must be a JSON object or array') };
	}
	return { body: parsed, journalBody: parsed };
}

function send(response, { status, body, headers = {} }) {
	if (response.destroyed) return;
	const payload = body === undefined ? undefined : JSON.stringify(body);
	const contentHeaders =
		payload === undefined
			? {}
			: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(payload) };
	response.writeHead(status, { ...contentHeaders, ...headers });
	response.end(payload);
}

/** Query parameters for the journal: a repeated name becomes an array. */
function queryObject(searchParams) {
	const query = {};
	for (const [name, value] of searchParams) {
		query[name] = name in query ? [query[name], value].flat() : value;
	}
	return query;
}

/**
 * Starts an emulator on its own HTTP server.
 * @param {object} [options] host ('127.0.0.1'), port (0 = ephemeral), onRequest (called with each
 *   vendor API journal entry, even when the journal is off), plus every createEmulator option.
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void>, emulator: object }>}
 */
export async function startEmulator(options = {}) {
	const { host = '127.0.0.1', port = 0, onRequest, ...emulatorOptions } = options;
	const emulator = createEmulator(emulatorOptions);
	const matchAdminRoute = createRouter(adminRoutes);
	// Aborts latency waits on close, so no timer keeps the process (or jest) alive.
	const closing = new AbortController();

	async function serveAdmin(request, response, url) {
		const { body, bodyError } = await readJsonBody(request);
		try {
			if (bodyError) throw bodyError;
			const match = matchAdminRoute(request.method, url.pathname);
			if (!match) throw routeNotFound(request.method, url.pathname + url.search);
			send(response, match.route.handle({ emulator, params: match.params, body }));
		} catch (error) {
			if (!(error instanceof HttpError)) throw error;
			send(response, error.toResponse());
		}
	}

	async function serveVendorApi(request, response, url) {
		const arrivedAt = new Date().toISOString();
		const startedAt = performance.now();
		// Held for the whole request: an admin reset meanwhile starts fresh ones.
		const stats = emulator.stats();
		const journal = emulator.journal();
		const outcome = { status: null, reset: false, rateLimited: false, vendorId: null, organizationId: null };
		let journalBody = null;
		stats.requestStarted();
		try {
			const parsed = await readJsonBody(request);
			journalBody = parsed.journalBody;
			const plan = emulator.plan(request.method, url.pathname);
			if (plan.delayMs > 0) await delay(plan.delayMs, undefined, { signal: closing.signal });
			if (plan.reset) {
				outcome.reset = true;
				request.socket.destroy();
				return;
			}
			const answer =
				plan.response ??
				emulator.answer({
					method: request.method,
					url,
					headers: request.headers,
					body: parsed.body,
					bodyError: parsed.bodyError,
				});
			const { status, vendorId = null, organizationId = null, rateLimited = false } = answer;
			Object.assign(outcome, { status, vendorId, organizationId, rateLimited });
			if (plan.resetAfterWrite) {
				// The effect happened; the client never learns it (tests a client's retry safety).
				outcome.reset = true;
				request.socket.destroy();
				return;
			}
			send(response, answer);
		} finally {
			stats.requestFinished({ ...outcome, status: outcome.reset ? null : outcome.status });
			const entry = {
				at: arrivedAt,
				method: request.method,
				path: url.pathname,
				query: queryObject(url.searchParams),
				tokenHeaderPresent: hasTokenHeader(request.headers),
				vendorId: outcome.vendorId,
				organizationId: outcome.organizationId,
				body: journalBody,
				status: outcome.status,
				reset: outcome.reset,
				durationMs: Math.round(performance.now() - startedAt),
			};
			journal.record(entry);
			onRequest?.(entry);
		}
	}

	const server = createServer(async (request, response) => {
		const url = new URL(request.url ?? '/', 'http://emulator.invalid');
		const isAdmin = url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`);
		try {
			await (isAdmin ? serveAdmin : serveVendorApi)(request, response, url);
		} catch (error) {
			// Closing (an aborted latency wait) or a client that hung up: nobody to answer.
			if (closing.signal.aborted || request.socket.destroyed) return;
			console.error('[gradient-emulator] internal error:', error);
			send(response, new HttpError(500, 'Internal server error').toResponse());
		}
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address();
	const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

	return {
		url: `http://${urlHost}:${address.port}`,
		port: address.port,
		emulator,
		close() {
			closing.abort();
			const closed = new Promise((resolve) => server.close(() => resolve()));
			// Keep-alive sockets would otherwise hold server.close() (and jest) open.
			server.closeAllConnections();
			return closed;
		},
	};
}
