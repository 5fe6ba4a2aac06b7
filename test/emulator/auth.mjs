// GRADIENT-TOKEN (docs/gradient-api.md §3): base64("<vendor key>:<partner key>"), standard
// alphabet with padding.
import { forbidden, unauthorized, vendorProfileNotFound } from './errors.mjs';

// Node lower-cases incoming header names, so this matches any spelling (§3: the SDK sends
// `Gradient-Token`, Gradient's pages `GRADIENT-TOKEN`).
const TOKEN_HEADER = 'gradient-token';

export const hasTokenHeader = (headers) => headers[TOKEN_HEADER] !== undefined;

/** The two keys of a well-formed token, or undefined. */
function decodeToken(token) {
	if (typeof token !== 'string' || token === '') return undefined;
	const bytes = Buffer.from(token, 'base64');
	// Buffer.from skips characters outside the alphabet; a round trip exposes them (and a missing pad).
	if (bytes.toString('base64') !== token) return undefined;
	const decoded = bytes.toString('utf8');
	// Split on the first colon (§9 U8: the key alphabets are not published).
	const separator = decoded.indexOf(':');
	if (separator <= 0 || separator === decoded.length - 1) return undefined;
	return { vendorKey: decoded.slice(0, separator), partnerKey: decoded.slice(separator + 1) };
}

/**
 * The partner integration the request's token selects. Both keys are required on every route,
 * vendor-scoped ones included (§9 U8). A well-formed token whose vendor key is unknown answers
 * 401, or 404 "Vendor Profile Not Found" under the `unknownVendorKey` reading (§9 U7); a known
 * vendor with a wrong partner key is 401 either way (§3: documented for Get Accounts). A partner
 * the admin surface marked forbidden gets 403 (§7 "anomalous usage").
 */
export function authenticate(state, headers, readings) {
	const keys = decodeToken(headers[TOKEN_HEADER]);
	const vendor = keys && state.vendors.get(keys.vendorKey);
	if (keys && !vendor && readings.unknownVendorKey === 'vendorProfileNotFound') throw vendorProfileNotFound();
	const partner = vendor?.partners.get(keys.partnerKey);
	if (!partner) throw unauthorized();
	if (partner.forbidden) throw forbidden();
	return partner;
}
