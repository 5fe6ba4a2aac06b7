// The 19 vendor API routes of docs/gradient-api.md §5. Each handler gets the authenticated partner,
// the parsed request and the readings in force (readings.mjs), changes the state, and returns
// { status, body }; errors are thrown HttpErrors.
import { randomUUID } from 'node:crypto';

import { badRequest, duplicateId, notFound } from './errors.mjs';
import {
	compareIds,
	createMappingProperty,
	createOrgService,
	createSku,
	findService,
	integrationView,
	listedView,
	recordSync,
	renameMappingProperty,
	unitCountKey,
	updatedView,
	vendorView,
} from './state.mjs';
import {
	ACCOUNT_CREATE_SCHEMA,
	ALERT_SCHEMA,
	INTEGRATION_STATUSES,
	MAPPING_PROPERTY_BULK_UPDATE_SCHEMA,
	MAPPING_PROPERTY_UPDATE_SCHEMA,
	ORG_SERVICE_CREATE_SCHEMAS,
	SERVICE_CREATE_SCHEMA,
	SERVICE_UPDATE_SCHEMA,
	UNIT_COUNT_SCHEMA,
	VENDOR_UPDATE_SCHEMA,
	assertArrayOf,
	assertObject,
	hasRepeatedIds,
} from './validation.mjs';

const VENDOR_API_PREFIX = '/api/vendor-api';

const ok = (body) => ({ status: 200, body });
const created = (body) => ({ status: 201, body });

/** Only the fields the client actually sent: null or absent leaves a stored value alone. */
const sentFields = (body) =>
	Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined && value !== null));

// ---- vendor and vendor services (§5.1, §5.2) ----------------------------------------------------

function getVendor({ partner }) {
	return ok({ status: 200, message: 'Success - Retrieved Vendor', data: vendorView(partner.vendor) });
}

function updateVendor({ partner, body }) {
	assertObject(body, VENDOR_UPDATE_SCHEMA);
	const changes = sentFields(body);
	// §9 U12: every field is optional, but a PATCH that changes nothing is refused.
	if (Object.keys(changes).length === 0) {
		throw badRequest([`at least one of ${Object.keys(VENDOR_UPDATE_SCHEMA).join(', ')} must be provided`]);
	}
	Object.assign(partner.vendor, changes, { updatedAt: new Date().toISOString() });
	// §9 U11: message text
	return ok({ status: 200, message: 'Success - Updated Vendor', data: vendorView(partner.vendor) });
}

function createService({ partner, body, ids }) {
	assertObject(body, SERVICE_CREATE_SCHEMA);
	// §9 U13: a repeated name creates a second sku, which lets a test catch a client that creates twice.
	createSku(partner.vendor, sentFields(body), ids);
	// §5.2: the vendor unwrapped (SDK return type); 201 is Nest's POST default (§9 U10).
	return created(vendorView(partner.vendor));
}

/** §9 U23: Gradient publishes no answer for an unknown sku; this text is ours. */
function findSkuOrThrow(vendor, serviceId) {
	const sku = vendor.skus.find((candidate) => candidate.id === serviceId);
	if (!sku) throw notFound(`No service found with id: ${serviceId}`);
	return sku;
}

function getService({ partner, params }) {
	const sku = findSkuOrThrow(partner.vendor, params.serviceId);
	// §9 U11: message text
	return ok({ status: 200, message: 'Success - Retrieved Vendor Service', data: vendorView(partner.vendor, [sku]) });
}

/**
 * §9 U1: Gradient publishes no body for this route. Our reading applies the create fields; under
 * `patchService: 'ignored'` the route reads no body, as a Nest handler without a body DTO would,
 * so nothing is validated or changed, and the answer looks the same.
 */
function updateService({ partner, params, body, readings }) {
	const applies = readings.patchService === 'applies';
	if (applies) assertObject(body, SERVICE_UPDATE_SCHEMA);
	const sku = findSkuOrThrow(partner.vendor, params.serviceId);
	if (applies) {
		Object.assign(sku, sentFields(body));
		partner.vendor.updatedAt = new Date().toISOString();
	}
	// §9 U1, U11: no published answer; shaped like Get Vendor Service.
	return ok({ status: 200, message: 'Success - Updated Vendor Service', data: vendorView(partner.vendor) });
}

// ---- unit counts (§5.3) ---------------------------------------------------------------------------

function setUnitCount({ partner, params, query, body, readings }) {
	assertObject(body, UNIT_COUNT_SCHEMA);
	const accountId = typeof body.accountId === 'string' && body.accountId !== '' ? body.accountId : undefined;
	const clientId = body.clientOId || body.clientOid;
	// §5.3: Gradient needs the accountId or the deprecated clientOid.
	if (!accountId && !clientId) throw badRequest('You have provided an invalid Id type');
	const account = accountId && partner.accounts.get(accountId);
	// §9 U2: a partner service is named by its vendor-given `id`, or by its `_id` under that reading.
	const service = findService(partner, params.serviceId, readings.partnerServiceCountId);
	// §5.3: unknown and unmapped accounts or services all answer this 404. The deprecated
	// clientOId-only form always lands here: the emulator links no PSA client to an account (§9 U14).
	if (!account?.isMapped || !service?.isMapped) {
		throw notFound(`No account map found with id: ${accountId ?? clientId}`);
	}
	const key = unitCountKey(params.serviceId, accountId);
	const previous = partner.unitCounts.get(key);
	// Set semantics, not increment (§5.3); `writes` lets tests see re-pushes.
	partner.unitCounts.set(key, {
		serviceId: params.serviceId,
		accountId,
		unitCount: body.unitCount,
		setAt: new Date().toISOString(),
		writes: (previous?.writes ?? 0) + 1,
	});
	// §9 U14: only the literal string "true" skips the billing rebuild.
	if (query.get('no_build') !== 'true') partner.billingBuilds += 1;
	recordSync(partner);
	// §5.3: 201 and this text, from Gradient's page.
	return created({ status: 201, message: 'Success - Created service unit count' });
}

// ---- partner integration and clients (§5.4, §5.5) ------------------------------------------------

function getIntegration({ partner }) {
	return ok(integrationView(partner));
}

function updateIntegrationStatus({ partner, params }) {
	if (!INTEGRATION_STATUSES.includes(params.status)) {
		throw badRequest([`status must be one of the following values: ${INTEGRATION_STATUSES.join(', ')}`]);
	}
	partner.status = params.status;
	return ok({ data: integrationView(partner), status: 200, message: 'Success - Updated Integration Status' });
}

/** §9 U4: each `clientElements` reading's element; the SDK types them as strings. */
const CLIENT_ELEMENTS = {
	objects: ({ id, name }) => ({ _id: id, id, name }),
	idStrings: ({ id }) => id,
	nameStrings: ({ name }) => name,
};

/**
 * §5.5 (deprecated): element fields, `meta` and the cursor are not published (§9 U4). Read here
 * as a keyset listing sorted by id: `previousId` = the last id of the previous page, `search` = a
 * case-insensitive substring of the name; an empty page ends the listing.
 */
function getClients({ partner, query, settings, readings }) {
	const search = (query.get('search') ?? '').toLowerCase();
	const previousId = query.get('previousId');
	const matching = partner.clients.filter((client) => client.name.toLowerCase().includes(search));
	const page = matching
		.filter((client) => !previousId || compareIds(client.id, previousId) > 0)
		.slice(0, settings.clientsPageSize);
	return ok({
		meta: {
			pageSize: settings.clientsPageSize,
			count: page.length,
			total: matching.length,
			lastId: page.at(-1)?.id ?? null,
		},
		clients: page.map(CLIENT_ELEMENTS[readings.clientElements]),
	});
}

// ---- accounts and partner services (§5.6–§5.8) -------------------------------------------------

/**
 * The id filter of the list routes in every form Express's query parser (qs) accepts:
 * `ids=x`, repeated `ids=x&ids=y`, `ids[]=x` (the SDK) and `ids[0]=x` (n8n's default serializer).
 */
function idsFromQuery(query, name) {
	const arrayForm = new RegExp(`^${name}\\[\\d*\\]$`);
	return [...query].filter(([key]) => key === name || arrayForm.test(key)).map(([, value]) => value);
}

function booleanFromQuery(query, name, fallback) {
	const value = query.get(name);
	if (value === null) return fallback;
	if (value !== 'true' && value !== 'false') throw badRequest([`${name} must be a boolean value`]);
	return value === 'true';
}

/** What each collection calls itself in the query and in 404 texts, and how it is created. */
const COLLECTIONS = {
	accounts: {
		idsParameter: 'accountIds',
		noun: 'account',
		createSchema: () => ACCOUNT_CREATE_SCHEMA,
		create: (fields) => createMappingProperty(fields),
	},
	orgServices: {
		idsParameter: 'serviceIds',
		noun: 'service',
		createSchema: (readings) => ORG_SERVICE_CREATE_SCHEMAS[readings.partnerServiceDescription],
		create: createOrgService,
	},
};

/**
 * §5.7: the list filters, each of which a reading may have Gradient ignore (§9 U3); an ignored
 * filter is not even parsed, so a malformed value goes unnoticed too.
 */
function listMappingProperties(collectionName) {
	const { idsParameter } = COLLECTIONS[collectionName];
	return ({ partner, query, readings }) => {
		const wantedIds = readings.idsFilter === 'applies' ? idsFromQuery(query, idsParameter) : [];
		// §5.7: returnUnmapped defaults to true (= everything).
		const returnUnmapped =
			readings.returnUnmappedFilter === 'applies' ? booleanFromQuery(query, 'returnUnmapped', true) : true;
		const records = [...partner[collectionName].values()].filter(
			(record) => (wantedIds.length === 0 || wantedIds.includes(record.id)) && (returnUnmapped || record.isMapped),
		);
		return ok(records.map((record) => listedView(record, readings)));
	};
}

/**
 * §5.6/§5.8: bulk create. A taken id, or one repeated inside the batch, is 409 (documented for
 * partner services, assumed for accounts: §9 U16) and nothing is created.
 */
function createMappingProperties(collectionName, createdView) {
	const { createSchema, create } = COLLECTIONS[collectionName];
	return ({ partner, body, ids, readings }) => {
		assertArrayOf(body, createSchema(readings));
		const collection = partner[collectionName];
		if (hasRepeatedIds(body) || body.some((item) => collection.has(item.id))) throw duplicateId();
		const records = body.map((item) => create(sentFields(item), ids));
		for (const record of records) collection.set(record.id, record);
		return created(records.map(createdView));
	};
}

/** §9 U23: Gradient publishes no answer for an unknown account or partner service; this text is ours. */
function findRecordOrThrow(partner, collectionName, id) {
	const record = partner[collectionName].get(id);
	if (!record) throw notFound(`No ${COLLECTIONS[collectionName].noun} found with id: ${id}`);
	return record;
}

/** §5.6/§5.8: bulk update; an unknown id is 404 and nothing changes (§9 U17). */
function updateMappingProperties(collectionName) {
	return ({ partner, body, readings }) => {
		assertArrayOf(body, MAPPING_PROPERTY_BULK_UPDATE_SCHEMA);
		const records = body.map((item) => findRecordOrThrow(partner, collectionName, item.id));
		body.forEach((item, index) => Object.assign(records[index], sentFields(item)));
		return ok(records.map((record) => updatedView(record, readings)));
	};
}

/** §5.6/§5.8: single update; an `id` in the body that differs from the path renames the record (§9 U18). */
function updateMappingProperty(collectionName, pathParameter) {
	return ({ partner, params, body, readings }) => {
		assertObject(body, MAPPING_PROPERTY_UPDATE_SCHEMA);
		const currentId = params[pathParameter];
		let record = findRecordOrThrow(partner, collectionName, currentId);
		const { id: newId, ...changes } = sentFields(body);
		if (newId !== undefined && newId !== currentId) {
			if (partner[collectionName].has(newId)) throw duplicateId();
			record = renameMappingProperty(partner, collectionName, currentId, newId);
		}
		Object.assign(record, changes);
		return ok(updatedView(record, readings));
	};
}

// ---- alerts (§5.9) -------------------------------------------------------------------------------

const ALERT_STATE_MESSAGES = {
	pending: 'Alert is queued',
	success: 'Ticket created',
	failed: 'Ticket creation failed',
};

function createAlert({ partner, params, body, ids }) {
	assertObject(body, ALERT_SCHEMA);
	// §9 U19: only an unknown account is refused here; mapping problems surface in the debug route.
	if (!partner.accounts.has(params.accountId)) throw notFound(`No account map found with id: ${params.accountId}`);
	const alert = {
		messageId: randomUUID(),
		alertId: body.alertId,
		accountId: params.accountId,
		serviceId: body.serviceId ?? null,
		title: body.title,
		description: body.description,
		priority: body.priority,
		status: body.status,
		dueDateTime: body.dueDateTime ?? null,
		state: 'pending',
		ticketId: null,
		createdAt: null,
		errors: [],
		statusCode: null,
	};
	partner.alerts.set(alert.messageId, alert);
	recordSync(partner);
	// §9 U10: 201, Nest's POST default; the body shape is Gradient's (§5.9).
	return created({ messageId: alert.messageId, alertId: alert.alertId, correlationID: ids.objectId() });
}

/** §5.9: the debug route's answer; only the partner that sent the alert can see it (§9 U19). */
function getAlertDelivery({ partner, params }) {
	const alert = partner.alerts.get(params.messageId);
	if (!alert) throw notFound(`No alert found with id: ${params.messageId}`);
	return ok({
		ticketId: alert.ticketId,
		createdAt: alert.createdAt,
		message: ALERT_STATE_MESSAGES[alert.state],
		messageId: alert.messageId,
		status: alert.state,
		statusCode: alert.statusCode,
		errors: alert.errors,
	});
}

/** `isServed` tells whether the readings in force have Gradient serve the route at all. */
const route = (method, path, handle, isServed = () => true) => ({
	method,
	path: `${VENDOR_API_PREFIX}${path}`,
	handle,
	isServed,
});

const toAccountCreatedView = ({ id, name, description }) => ({ id, name, description });
const toOrgServiceCreatedView = ({ id, name, description }) => ({ id, name, description, isMapped: false });

export const vendorApiRoutes = [
	route('GET', '', getVendor),
	route('PATCH', '', updateVendor),
	route('POST', '/service', createService),
	route('GET', '/service/:serviceId', getService),
	route('PATCH', '/service/:serviceId', updateService, (readings) => readings.patchService !== 'unrouted'),
	route('POST', '/service/:serviceId/count', setUnitCount),
	route('GET', '/organization', getIntegration),
	route('PATCH', '/organization/status/:status', updateIntegrationStatus),
	route('GET', '/organization/clients', getClients),
	route('GET', '/organization/accounts', listMappingProperties('accounts')),
	route('POST', '/organization/accounts', createMappingProperties('accounts', toAccountCreatedView)),
	route('PATCH', '/organization/accounts', updateMappingProperties('accounts')),
	route('PATCH', '/organization/accounts/:accountId', updateMappingProperty('accounts', 'accountId')),
	route('POST', '/organization/services', createMappingProperties('orgServices', toOrgServiceCreatedView)),
	route(
		'GET',
		'/organization/services',
		listMappingProperties('orgServices'),
		(readings) => readings.partnerServiceList === 'served',
	),
	route('PATCH', '/organization/services', updateMappingProperties('orgServices')),
	route('PATCH', '/organization/services/:serviceId', updateMappingProperty('orgServices', 'serviceId')),
	route('POST', '/alerting/:accountId', createAlert),
	route('GET', '/alerting/debug/:messageId', getAlertDelivery),
];
