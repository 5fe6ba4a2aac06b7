// A node:http server for harness tests: records every request it receives and answers
// with a JSON echo of it, or with what a test's responder returns.
import http from 'node:http';

/**
 * @typedef {{ method: string, url: string, path: string, query: Record<string, string>,
 *   headers: Record<string, string | string[] | undefined>, body: unknown, rawBody: string }} RecordedRequest
 * @typedef {{ status?: number, statusText?: string, headers?: Record<string, string>, body?: unknown }} EchoResponse
 */

/**
 * @param {{ respond?: (request: RecordedRequest) => EchoResponse | undefined }} [options]
 *   `respond` may return undefined to fall back to the echo.
 * @returns {Promise<{ url: string, requests: RecordedRequest[], setResponder: (fn?: (request: RecordedRequest) => EchoResponse | undefined) => void, reset: () => void, close: () => Promise<void> }>}
 */
export async function startEchoServer({ respond } = {}) {
	const requests = [];
	let responder = respond;

	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			let body = rawBody;
			if (rawBody && String(req.headers['content-type'] ?? '').includes('json')) {
				try {
					body = JSON.parse(rawBody);
				} catch {
					// keep the raw text
				}
			}
			const parsed = new URL(req.url ?? '/', 'http://localhost');
			const recorded = {
				method: req.method ?? 'GET',
				url: req.url ?? '/',
				path: parsed.pathname,
				query: Object.fromEntries(parsed.searchParams),
				headers: req.headers,
				body: rawBody === '' ? undefined : body,
				rawBody,
			};
			requests.push(recorded);

			const answer = responder?.(recorded) ?? {
				status: 200,
				body: { method: recorded.method, path: recorded.path, query: recorded.query, body: recorded.body },
			};
			res.statusCode = answer.status ?? 200;
			if (answer.statusText) res.statusMessage = answer.statusText;
			res.setHeader('content-type', 'application/json');
			for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
			res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
		});
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const { port } = server.address();

	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		setResponder(fn) {
			responder = fn;
		},
		reset() {
			requests.length = 0;
			responder = respond;
		},
		async close() {
			server.closeAllConnections?.();
			await new Promise((resolve) => server.close(() => resolve()));
		},
	};
}
