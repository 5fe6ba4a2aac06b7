import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import { REQUEST_TIMEOUT_MS } from '../tuning';
import { apiErrorFromResponse, apiErrorFromTransportFailure } from './errors';

export type GradientContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export const CREDENTIAL_TYPE = 'gradientApi';

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

/**
 * Users paste either the host (Gradient's SDK) or the host plus /api (the Python port and
 * later CLIs): accept both, and any trailing slash.
 */
export function normalizeBaseUrl(baseUrl: string): string {
	return baseUrl.trim().replace(/\/+$/, '').replace(/\/api$/, '');
}

/** The one place this package talks HTTP: through n8n, so proxies and credentials behave. */
export async function gradientApiRequest<T = unknown>(
	context: GradientContext,
	request: GradientRequest,
	scope: PartnerScope = {},
): Promise<GradientResponse<T>> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const options: IHttpRequestOptions = {
		method: request.method,
		baseURL: normalizeBaseUrl(String(credentials.baseUrl ?? '')),
		url: request.path,
		qs: request.qs,
		arrayFormat: 'repeat',
		body: request.body,
		json: true,
		headers: { Accept: 'application/json' },
		timeout: REQUEST_TIMEOUT_MS,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};

	let response: GradientResponse<T>;
	try {
		response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			options,
			scope.partnerApiKey === undefined
				? undefined
				: { credentialsDecrypted: withPartnerKey(credentials, scope.partnerApiKey) },
		)) as GradientResponse<T>;
	} catch (error) {
		throw apiErrorFromTransportFailure(context.getNode(), error as Error, request, scope);
	}

	const isSuccess = response.statusCode >= 200 && response.statusCode < 300;
	if (isSuccess || request.acceptStatuses?.includes(response.statusCode)) return response;
	throw apiErrorFromResponse(context.getNode(), response, request, scope);
}

function withPartnerKey(credentials: ICredentialDataDecryptedObject, partnerApiKey: string) {
	return {
		id: 'gradientApi-partner-override',
		name: 'Gradient MSP API (partner key from item)',
		type: CREDENTIAL_TYPE,
		data: { ...credentials, partnerApiKey },
	};
}
