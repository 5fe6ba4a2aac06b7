import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { gradientText, isUnknownRoute, isUnknownVendor, retryAfterSeconds } from './answers';
import type { GradientRequest, GradientResponse, PartnerScope } from './request';

const QUOTED_TEXT_LIMIT = 300;

/**
 * What Gradient (or whatever answered in its place) said, fit to quote in an error: a proxy's
 * HTML page is reduced to its text, a request header echoed back loses its token, and the
 * whole is cut short, since errors land in the execution data.
 */
function quotableText(text: string): string {
	const withoutToken = text.replace(/(gradient-token["'\s:=]+)[A-Za-z0-9+/=_-]+/gi, '$1[redacted]');
	const plain = /<\/?[a-z][^>]*>/i.test(withoutToken)
		? withoutToken.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim()
		: withoutToken;
	return plain.length > QUOTED_TEXT_LIMIT ? `${plain.slice(0, QUOTED_TEXT_LIMIT)}…` : plain;
}

function partnerKeySource(scope: PartnerScope): string {
	return scope.partnerApiKey === undefined
		? 'the Partner API Key in the credential'
		: "the partner key given in this item's Partner API Key option";
}

const BASE_URL_HINT =
	'Check the Base URL in the "Gradient MSP API" credential: Gradient\'s host only, such as https://app.usegradient.com.';

/** NestJS's "Cannot <METHOD> /path": Gradient does not serve the route at all. */
const saysRouteUnknown = (statusCode: number, said: string) => statusCode === 404 && isUnknownRoute(said);

function explain(statusCode: number, response: GradientResponse, request: GradientRequest, scope: PartnerScope, said: string) {
	if (isUnknownVendor(said)) {
		return {
			message: 'Gradient knows no vendor with this Vendor API Key',
			description:
				'Gradient answered "Vendor Profile Not Found". Check the Vendor API Key in the "Gradient MSP API" credential: the key Gradient issued to your company, not the MSP\'s partner key.',
		};
	}
	if (saysRouteUnknown(statusCode, said)) {
		return { message: 'Gradient does not serve this request', description: request.unknownRouteHint ?? BASE_URL_HINT };
	}
	switch (statusCode) {
		case 400:
			return {
				message: 'Gradient rejected the request as invalid',
				description: 'Check the values named in Gradient\'s answer.',
			};
		case 401:
			return {
				message: 'Gradient did not accept the API keys',
				description: `Check the Vendor API Key in the "Gradient MSP API" credential and ${partnerKeySource(scope)}. A partner key stops working when the MSP regenerates it (and may when the MSP disconnects your integration in Synthesize): ask the MSP for the current one.`,
			};
		case 403:
			return {
				message: 'Gradient refused the request as anomalous usage',
				description:
					'Gradient answers 403 when it suspects a key is misused. No further requests were sent for this partner; contact Gradient vendor support before retrying.',
			};
		case 404:
			return {
				message: 'Gradient has no such record',
				description: request.notFoundHint ?? 'Check the ID.',
			};
		case 409:
			return {
				message: 'A record with this ID already exists in Gradient',
				description:
					'Create sends only new records. For accounts and services, Create or Update creates only what is missing; for partner services, check Get Many first.',
			};
		case 429: {
			const wait = retryAfterSeconds(response.headers);
			return {
				message: "Gradient's rate limit was reached",
				description: `Gradient allows 100 requests a second.${wait === undefined ? '' : ` It asked to wait ${wait} s.`}`,
			};
		}
		default:
			return statusCode >= 500
				? {
						message: 'Gradient failed to answer',
						description: 'The problem is on Gradient\'s side; try again later.',
					}
				: { message: 'Gradient answered with an error', description: '' };
	}
}

function attemptsNote(attempts: number): string {
	return attempts > 1 ? `Gave up after ${attempts} tries.` : '';
}

/** A sanitized error: only Gradient's status and text, never the request with its token. */
export function apiErrorFromResponse(
	node: INode,
	response: GradientResponse,
	request: GradientRequest,
	scope: PartnerScope,
	attempts = 1,
): NodeApiError {
	const said = quotableText(gradientText(response.body));
	const { message, description } = explain(response.statusCode, response, request, scope, said);
	const error = new NodeApiError(
		node,
		{ statusCode: response.statusCode, message: said } as JsonObject,
		{
			message: `${message} (HTTP ${response.statusCode})`,
			description: [
				description,
				said ? `Gradient said: "${said}".` : '',
				`Request: ${request.method} ${request.path}.`,
				attemptsNote(attempts),
			]
				.filter(Boolean)
				.join(' '),
			httpCode: String(response.statusCode),
			itemIndex: scope.itemIndex,
		},
	);
	const wait = retryAfterSeconds(response.headers);
	if (wait !== undefined) error.context.retryAfterSeconds = wait;
	if (saysRouteUnknown(response.statusCode, said)) error.context.unknownRoute = true;
	return error;
}

/** Whether Gradient answered that it does not serve the request's route at all. */
export function isUnknownRouteError(error: unknown): boolean {
	return error instanceof NodeApiError && error.context.unknownRoute === true;
}

/** n8n wraps the socket error once or twice; the code (ECONNRESET, ETIMEDOUT...) is on the innermost. */
export function networkErrorCode(error: unknown): string | undefined {
	for (let current = error as { code?: unknown; cause?: unknown } | undefined; current; current = current.cause as typeof current) {
		if (typeof current.code === 'string' && /^E[A-Z_]+$/.test(current.code)) return current.code;
	}
	return undefined;
}

/** No HTTP answer at all: refused, reset, timed out. */
export function apiErrorFromTransportFailure(
	node: INode,
	failure: Error,
	request: GradientRequest,
	scope: PartnerScope,
	attempts = 1,
): NodeApiError {
	const code = networkErrorCode(failure) ?? 'NO_RESPONSE';
	// The code stays out of the message: n8n would swap such a message for its generic text.
	return new NodeApiError(node, { message: 'No answer from Gradient' } as JsonObject, {
		message: 'Could not reach Gradient',
		description: [
			`No answer to ${request.method} ${request.path} (${code}).`,
			'Check the Base URL in the credential and the network (proxy, firewall).',
			attemptsNote(attempts),
		]
			.filter(Boolean)
			.join(' '),
		itemIndex: scope.itemIndex,
	});
}

/**
 * Gradient answered with a success, but not with what the call needs (a record missing from
 * the answer, a list that does not advance). There is no HTTP error to report, so none is made up.
 */
export function unexpectedAnswer(node: INode, scope: PartnerScope, problem: string, hint: string): NodeApiError {
	return new NodeApiError(node, { message: problem } as JsonObject, { message: problem, description: hint, itemIndex: scope.itemIndex });
}

/** Adds what else went wrong to an error that stays the one to report. */
export function withNote<Failure extends { description?: string | null }>(error: Failure, note: string): Failure {
	error.description = [error.description, note].filter(Boolean).join(' ');
	return error;
}
