// Error responses shaped like NestJS's HttpException bodies: { statusCode, message, error }.
// Gradient documents `{ statusCode, message }` for a 404 (docs/gradient-api.md §7); the `error`
// reason phrase Nest adds beside them is our reading (§9 U9).
import { STATUS_CODES } from 'node:http';

export class HttpError extends Error {
	/**
	 * @param {number} statusCode
	 * @param {string | string[]} message a string, or class-validator style list of messages
	 * @param {Record<string, string>} [headers] extra response headers (e.g. Retry-After)
	 */
	constructor(statusCode, message, headers = {}) {
		super(Array.isArray(message) ? message.join('; ') : message);
		this.statusCode = statusCode;
		this.responseMessage = message;
		this.headers = headers;
	}

	/** The answer this error gives: { status, body, headers }. */
	toResponse() {
		return {
			status: this.statusCode,
			body: { statusCode: this.statusCode, message: this.responseMessage, error: STATUS_CODES[this.statusCode] },
			headers: this.headers,
		};
	}
}

export const badRequest = (message) => new HttpError(400, message);
export const unauthorized = () => new HttpError(401, 'Unauthorized');
export const forbidden = () => new HttpError(403, 'Forbidden resource');
export const notFound = (message) => new HttpError(404, message);
export const conflict = (message) => new HttpError(409, message);

/** Express/Nest answer for a path no controller serves. */
export const routeNotFound = (method, url) => new HttpError(404, `Cannot ${method} ${url}`);

/** §7: the 404 text Gradient's reference pages list on several routes (when it is sent: §9 U7). */
export const vendorProfileNotFound = () => notFound('Vendor Profile Not Found');

/** §5.8: Gradient documents this text for a partner service id that is taken. */
export const duplicateId = () => conflict('A resource with this Id already exists.');

/** §6: Gradient's text for its limit; the number follows the configuration. */
export const tooManyRequests = (requestsPerSecond, retryAfterSeconds) =>
	new HttpError(429, `Request limit reached (${requestsPerSecond} requests a second)`, {
		'Retry-After': String(retryAfterSeconds),
	});

export const serviceUnavailable = () => new HttpError(503, 'Service Unavailable');
