// Request-body validation that answers the way a NestJS ValidationPipe with class-validator does:
// 400 with `message` as a list of strings. One global pipe with whitelist + forbidNonWhitelisted
// is assumed for every route, so unknown properties are rejected everywhere (docs/gradient-api.md
// §9 U9).
import { badRequest } from './errors.mjs';

// §5.2: exact, case-sensitive values, including Gradient's spelling "priviledged".
const SERVICE_CATEGORIES = [
	'security',
	'backup',
	'productivity',
	'infrastructure',
	'service delivery',
	'consulting',
	'other',
];

const SERVICE_SUBCATEGORIES = [
	'endpoint detection and response (EDR)',
	'email security',
	'virtual private network services (VPN)',
	'DNS filtering',
	'dark web monitoring',
	'password management',
	'single sign on (SSO)',
	'priviledged access and identity management (PAM/PIM)',
	'security information and event management (SIEM)',
	'mobile device management (MDM)',
	'application security',
	'mobile application management (MAM)',
	'multi factor authentication (MFA)',
	'cloud backup',
	'local backup',
	'desktop backup',
	'data archiving',
	'physical offsite storage',
	'business continuity',
	'hosted email',
	'video conferencing',
	'voice over IP services (VOIP)',
	'line of business application support',
	'unified communications as a service (UCaaS)',
	'customer relationship management',
	'cloud storage',
	'website hosting',
	'hardware as a service (HaaS)',
	'managed print services',
	'virtual desktop infrastructure (VDI)',
	'virtual server hosting',
	'infrastructure as a service (IaaS)',
	'end user support',
	'server management and support',
	'network management and support',
	'printer management and support',
	'desktop management and support',
	'hosted security operations centre (SOC)',
	'software development',
	'penetration testing',
	'project services',
	'governance and compliance',
	'business intelligence services / analytics',
	'phishing simulation',
	'privacy and security awareness training',
	'other',
];

// §5.4: the three current values; the legacy `disabled`/`error` are not accepted (§9 U15).
export const INTEGRATION_STATUSES = ['inactive', 'pending', 'active'];

/*
 * A field rule: { type, required?, notEmpty?, oneOf?, min?, max? } with `type` one of the keys of
 * TYPE_CHECKS. Messages are class-validator's default texts.
 */
const TYPE_MESSAGES = {
	string: 'must be a string',
	boolean: 'must be a boolean value',
	integer: 'must be an integer number',
	number: 'must be a number',
	isoDateTime: 'must be a valid ISO 8601 date string',
	array: 'must be an array',
	object: 'must be an object',
	idList: "must be '*' or an array of strings",
};

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export const isPlainObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

const TYPE_CHECKS = {
	any: () => true,
	string: (value) => typeof value === 'string',
	boolean: (value) => typeof value === 'boolean',
	integer: (value) => Number.isInteger(value),
	number: (value) => typeof value === 'number' && Number.isFinite(value),
	isoDateTime: (value) => typeof value === 'string' && ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
	array: Array.isArray,
	object: isPlainObject,
	// how the admin surface and seeds select ids: '*' (all) or a list
	idList: (value) => value === '*' || (Array.isArray(value) && value.every((id) => typeof id === 'string')),
};

function fieldMessages(name, value, rule) {
	if (value === undefined || value === null) {
		if (!rule.required) return [];
		const typeMessage = `${name} ${TYPE_MESSAGES[rule.type]}`;
		// class-validator's IsNotEmpty speaks only for fields that have it; IsString alone says the type.
		return rule.notEmpty ? [`${name} should not be empty`, typeMessage] : [typeMessage];
	}
	if (!TYPE_CHECKS[rule.type](value)) return [`${name} ${TYPE_MESSAGES[rule.type]}`];
	const messages = [];
	if (rule.notEmpty && value === '') messages.push(`${name} should not be empty`);
	if (rule.oneOf && !rule.oneOf.includes(value)) {
		messages.push(`${name} must be one of the following values: ${rule.oneOf.join(', ')}`);
	}
	if (rule.min !== undefined && value < rule.min) messages.push(`${name} must not be less than ${rule.min}`);
	if (rule.max !== undefined && value > rule.max) messages.push(`${name} must not be greater than ${rule.max}`);
	return messages;
}

/**
 * Messages for one object against `schema` (field name → rule); [] when valid. `path` names
 * where a nested object sits (e.g. 'faults.burst429') and qualifies the field names.
 */
export function objectMessages(body, schema, path = '') {
	if (!isPlainObject(body)) {
		return [path ? `${path} must be an object` : 'an unknown value was passed to the validate function'];
	}
	const qualified = (name) => (path ? `${path}.${name}` : name);
	const unknown = Object.keys(body)
		.filter((name) => !Object.hasOwn(schema, name))
		.map((name) => `property ${qualified(name)} should not exist`);
	const invalid = Object.entries(schema).flatMap(([name, rule]) => fieldMessages(qualified(name), body[name], rule));
	return [...unknown, ...invalid];
}

/** Throws 400 carrying `messages`, if there are any. */
export function throwIfInvalid(messages) {
	if (messages.length > 0) throw badRequest(messages);
}

/** Throws 400 unless `body` is a valid object; returns it. */
export function assertObject(body, schema, path = '') {
	throwIfInvalid(objectMessages(body, schema, path));
	return body;
}

/**
 * Throws 400 unless `body` is an array of valid objects. Nest's ParseArrayPipe prefixes each
 * item's messages with `[index] ` (§9 U9).
 */
export function assertArrayOf(body, schema) {
	if (!Array.isArray(body)) throw badRequest(['Validation failed (parsable array expected)']);
	throwIfInvalid(body.flatMap((item, index) => objectMessages(item, schema).map((text) => `[${index}] ${text}`)));
	return body;
}

/** Whether `items` repeat an `id` among themselves. */
export function hasRepeatedIds(items) {
	return new Set(items.map(({ id }) => id)).size !== items.length;
}

/** Every rule of `schema` with `required` dropped: the partial-update form of a create body. */
const allOptional = (schema) =>
	Object.fromEntries(Object.entries(schema).map(([name, rule]) => [name, { ...rule, required: false }]));

const requiredText = { type: 'string', required: true, notEmpty: true };

// §5.1; `name` not empty is §9 U12.
export const VENDOR_UPDATE_SCHEMA = {
	name: { type: 'string', notEmpty: true },
	description: { type: 'string' },
	vendorSupportPageUrl: { type: 'string' },
	integrationPortalUrl: { type: 'string' },
};

// §5.2
export const SERVICE_CREATE_SCHEMA = {
	name: requiredText,
	description: requiredText,
	category: { type: 'string', required: true, oneOf: SERVICE_CATEGORIES },
	subcategory: { type: 'string', required: true, oneOf: SERVICE_SUBCATEGORIES },
	supportArticle: { type: 'string' },
	supportContact: { type: 'string' },
};

// §9 U1: no body schema is published; the create fields, all optional.
export const SERVICE_UPDATE_SCHEMA = allOptional(SERVICE_CREATE_SCHEMA);

// §5.3: the id rule has its own message, checked after this schema (see routes); `min: 0` is §9 U14.
export const UNIT_COUNT_SCHEMA = {
	accountId: { type: 'any' },
	clientOId: { type: 'string' },
	clientOid: { type: 'string' },
	unitCount: { type: 'number', required: true, min: 0 },
};

// §5.6; `isArrears` from the 2026 spec.
export const ACCOUNT_CREATE_SCHEMA = {
	id: requiredText,
	name: requiredText,
	description: { type: 'string' },
	isArrears: { type: 'boolean' },
};

// §5.8: Gradient's page calls the description required. Our reading: it must be sent but may be
// ''; the `partnerServiceDescription` reading `notEmpty` refuses '' too (§9 U6).
export const ORG_SERVICE_CREATE_SCHEMAS = {
	mayBeEmpty: { ...ACCOUNT_CREATE_SCHEMA, description: { type: 'string', required: true } },
	notEmpty: { ...ACCOUNT_CREATE_SCHEMA, description: requiredText },
};

// §5.6/§5.8: the same partial body for accounts and partner services.
export const MAPPING_PROPERTY_UPDATE_SCHEMA = {
	id: { type: 'string', notEmpty: true },
	name: { type: 'string', notEmpty: true },
	description: { type: 'string' },
	isActive: { type: 'boolean' },
	isArrears: { type: 'boolean' },
};

// §9 U17: bulk items carry the id they update.
export const MAPPING_PROPERTY_BULK_UPDATE_SCHEMA = {
	...MAPPING_PROPERTY_UPDATE_SCHEMA,
	id: requiredText,
};

// §5.9
export const ALERT_SCHEMA = {
	title: requiredText,
	description: requiredText,
	alertId: requiredText,
	priority: { type: 'integer', required: true, min: 1, max: 4 },
	status: { type: 'integer', required: true, min: 1, max: 6 },
	dueDateTime: { type: 'isoDateTime' },
	serviceId: { type: 'string' },
};
