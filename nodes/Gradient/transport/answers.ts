import type { IDataObject } from 'n8n-workflow';

/** Gradient (NestJS) error bodies carry `message` as a string or, for validation, a list. */
export function gradientText(body: unknown): string {
	if (typeof body === 'string') return body;
	const message = (body as IDataObject | undefined)?.message;
	if (Array.isArray(message)) return message.join('; ');
	if (typeof message === 'string') return message;
	return '';
}

export function retryAfterSeconds(headers: IDataObject | undefined): number | undefined {
	const value = headers?.['retry-after'];
	const seconds = Number(Array.isArray(value) ? value[0] : value);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** NestJS answers a route it does not serve with "Cannot <METHOD> /path". */
export function isUnknownRoute(said: string): boolean {
	return /^Cannot [A-Z]+ \//.test(said);
}

/** What Gradient answers for a vendor key it has no vendor for. */
export function isUnknownVendor(said: string): boolean {
	return /vendor profile not found/i.test(said);
}
