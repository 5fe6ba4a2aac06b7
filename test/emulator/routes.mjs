// The 19 vendor API routes of gradient-api.md §3. Each handler gets the authenticated partner and
// the parsed request, changes the state, and returns { status, body }; errors are thrown HttpErrors.
import { randomUUID } from 'node:crypto';

import { badRequest, duplicateId, notFound } from './errors.mjs';
import {
	compareIds,
	createMappingProperty,
	createSku,
	findService,
	integrationView,
	mappingPropertyView,
	recordSync,
	renameMappingProperty,
	unitCountKey,
	vendorView,
} from './state.mjs';
import {
	ACCOUNT_CREATE_SCHEMA,
	ALERT_SCHEMA,
	INTEGRATION_STATUSES,
	MAPPING_PROPERTY_BULK_UPDATE_SCHEMA,
	MAPPING_PROPERTY_UPDATE_SCHEMA,
	ORG_SERVICE_CREATE_SCHEMA,
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

// ---- vendor and vendor-level services (§3.1–§3.5) -------------------------------------------

function getVendor({ partner }) {
	return ok({ status: 200, message: 'Success - Retrieved Vendor', data: vendorView(partner.vendor) });
}

function updateVendor({ partner, body }) {
	assertObject(body, VENDOR_UPDATE_SCHEMA);
	const changes = sentFields(body);
	// §3.2 [SDK]: all optional, but at least one must be present.
	if (Object.keys(changes).length === 0) {
		throw badRequest([`at least one of ${Object.keys(VENDOR_UPDATE_SCHEMA).join(', ')} must be provided`]);
	}
	Object.assign(partner.vendor, changes, { updatedAt: new Date().toISOString() });
	// [GUESS §9.2] message text
	return ok({ status: 200, message: 'Success - Updated Vendor', data: vendorView(partner.vendor) });
}

function createService({ partner, body, ids }) {
	assertObject(body, SERVICE_CREATE_SCHEMA);
	// [GUESS §9.6] A repeated name creates a second sku: clients are expected to de-duplicate
	// themselves (§3.3), and allowing it lets a test catch a client that creates twice.
	createSku(partner.vendor, sentFields(body), ids);
	// §3.3 [SDK][CODE]: VendorData unwrapped; 201 is Nest's POST default [GUESS].
	return created(vendorView(partner.vendor));
}

function findSkuOrThrow(vendor, serviceId) {
	const sku = vendor.skus.find((candidate) => candidate.id === serviceId);
	if (!sku) throw notFound(`No service found with id: ${serviceId}`);
	return sku;
}

function getService({ partner, params }) {
	const sku = findSkuOrThrow(partner.vendor, params.serviceId);
	// [GUESS §9.2] message text
	return ok({ status: 200, message: 'Success - Retrieved Vendor Service', data: vendorView(partner.vendor, [sku]) });
}

function updateService({ partner, params, body }) {
	assertObject(body, SERVICE_UPDATE_SCHEMA);
	const sku = findSkuOrThrow(partner.vendor, params.serviceId);
	Object.assign(sku, sentFields(body));
	partner.vendor.updatedAt = new Date().toISOString();
	// [GUESS §3.5, §9.2] the route has no published response; shaped like Get Vendor Service.
	return ok({ status: 200, message: 'Success - Updated Vendor Service', data: vendorView(partner.vendor) });
}

// ---- billing (§3.6) -----------------------------------------------------------------------------

function setUnitCount({ partner, params, query, body }) {
	assertObject(body, UNIT_COUNT_SCHEMA);
	const accountId = typeof body.accountId === 'string' && body.accountId !== '' ? body.accountId : undefined;
	const clientId = body.clientOId || body.clientOid;
	// §3.6 [DOC]: "We require the accountId or the clientOid to be present".
	if (!accountId && !clientId) throw badRequest('You have provided an invalid Id type');
	const account = accountId && partner.accounts.get(accountId);
	const service = findService(partner, params.serviceId);
	// §3.6 [DOC]: unknown and unmapped accounts or services all answer this 404. The deprecated
	// clientOId-only form always lands here: the emulator links no PSA client to an account [GUESS].
	if (!account?.isMapped || !service?.isMapped) {
		throw notFound(`No account map found with id: ${accountId ?? clientId}`);
	}
	const key = unitCountKey(params.serviceId, accountId);
	const previous = partner.unitCounts.get(key);
	// Set semantics, not increment (§3.6 [DOC][CODE][CLI26]); `writes` lets tests see re-pushes.
	partner.unitCounts.set(key, {
		serviceId: params.serviceId,
		accountId,
		unitCount: body.unitCount,
		setAt: new Date().toISOString(),
		writes: (previous?.writes ?? 0) + 1,
	});
	// [GUESS §9.15] only the literal string "true" skips the billing rebuild.
	if (query.get('no_build') !== 'true') partner.billingBuilds += 1;
	recordSync(partner);
	// [DOC] 201; message text [GUESS §9.2] from the docs' heading.
	return created({ status: 201, message: 'Success - Created service unit count' });
}

// ---- partner integration (§3.7–§3.9) ------------------------------------------------------------

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

/**
 * §3.9 (deprecated): element fields, `meta` and the cursor are unknown [GUESS §9.5]. Read here as
 * a keyset listing sorted by id: `previousId` = the last id of the previous page, `search` = a
 * case-insensitive substring of the name; an empty page ends the listing.
 */
function getClients({ partner, query, settings }) {
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
		clients: page.map(({ id, name }) => ({ _id: id, id, name })),
	});
}

// ---- accounts and organization services (§3.10–§3.16) -------------------------------------------

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

/** What each collection calls itself in the query and in 404 texts. */
const COLLECTIONS = {
	accounts: { idsParameter: 'accountIds', noun: 'account', createSchema: ACCOUNT_CREATE_SCHEMA },
	orgServices: { idsParameter: 'serviceIds', noun: 'service', createSchema: ORG_SERVICE_CREATE_SCHEMA },
};

/** §3.12 [DOC] + `mappingId` (2026 model [CLI26]). */
const updatedView = ({ id, name, description, mappingId }) => ({ id, name, description, mappingId });

function listMappingProperties(collectionName) {
	const { idsParameter } = COLLECTIONS[collectionName];
	return ({ partner, query }) => {
		const wantedIds = idsFromQuery(query, idsParameter);
		// §3.10 [SDK][CLI26]: returnUnmapped defaults to true (= everything).
		const returnUnmapped = booleanFromQuery(query, 'returnUnmapped', true);
		const records = [...partner[collectionName].values()].filter(
			(record) => (wantedIds.length === 0 || wantedIds.includes(record.id)) && (returnUnmapped || record.isMapped),
		);
		return ok(records.map(mappingPropertyView));
	};
}

/**
 * §3.11/§3.14: bulk create. A taken id, or one repeated inside the batch, is 409 (documented for
 * organization services, assumed for accounts [GUESS §9.6]) and nothing is created.
 */
function createMappingProperties(collectionName, createdView) {
	const { createSchema } = COLLECTIONS[collectionName];
	return ({ partner, body }) => {
		assertArrayOf(body, createSchema);
		const collection = partner[collectionName];
		if (hasRepeatedIds(body) || body.some((item) => collection.has(item.id))) throw duplicateId();
		const records = body.map((item) => createMappingProperty(sentFields(item)));
		for (const record of records) collection.set(record.id, record);
		return created(records.map(createdView));
	};
}

function findRecordOrThrow(partner, collectionName, id) {
	const record = partner[collectionName].get(id);
	if (!record) throw notFound(`No ${COLLECTIONS[collectionName].noun} found with id: ${id}`);
	return record;
}

/** §3.13/§3.16: bulk update; an unknown id is 404 and nothing changes [GUESS §9.7]. */
function updateMappingProperties(collectionName) {
	return ({ partner, body }) => {
		assertArrayOf(body, MAPPING_PROPERTY_BULK_UPDATE_SCHEMA);
		const records = body.map((item) => findRecordOrThrow(partner, collectionName, item.id));
		body.forEach((item, index) => Object.assign(records[index], sentFields(item)));
		return ok(records.map(updatedView));
	};
}

/** §3.12/§3.16: single update; an `id` in the body that differs from the path renames the record. */
function updateMappingProperty(collectionName, pathParameter) {
	return ({ partner, params, body }) => {
		assertObject(body, MAPPING_PROPERTY_UPDATE_SCHEMA);
		const currentId = params[pathParameter];
		let record = findRecordOrThrow(partner, collectionName, currentId);
		const { id: newId, ...changes } = sentFields(body);
		if (newId !== undefined && newId !== currentId) {
			if (partner[collectionName].has(newId)) throw duplicateId();
			record = renameMappingProperty(partner, collectionName, currentId, newId);
		}
		Object.assign(record, changes);
		return ok(updatedView(record));
	};
}

// ---- alerts (§3.17–§3.18) -----------------------------------------------------------------------

const ALERT_STATE_MESSAGES = {
	pending: 'Alert is queued',
	success: 'Ticket created',
	failed: 'Ticket creation failed',
};

function createAlert({ partner, params, body, ids }) {
	assertObject(body, ALERT_SCHEMA);
	// [GUESS] only an unknown account is refused here; mapping problems surface in the debug route.
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
	// [GUESS §9.12] 201, Nest's POST default; the body shape is [DOC].
	return created({ messageId: alert.messageId, alertId: alert.alertId, correlationID: ids.objectId() });
}

/** RetrieveAlertResponseDto (§3.18); only the partner that sent the alert can see it. */
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

const route = (method, path, handle) => ({ method, path: `${VENDOR_API_PREFIX}${path}`, handle });

const toAccountCreatedView = ({ id, name, description }) => ({ id, name, description });
const toOrgServiceCreatedView = ({ id, name, description }) => ({ id, name, description, isMapped: false });

export const vendorApiRoutes = [
	route('GET', '', getVendor),
	route('PATCH', '', updateVendor),
	route('POST', '/service', createService),
	route('GET', '/service/:serviceId', getService),
	route('PATCH', '/service/:serviceId', updateService),
	route('POST', '/service/:serviceId/count', setUnitCount),
	route('GET', '/organization', getIntegration),
	route('PATCH', '/organization/status/:status', updateIntegrationStatus),
	route('GET', '/organization/clients', getClients),
	route('GET', '/organization/accounts', listMappingProperties('accounts')),
	route('POST', '/organization/accounts', createMappingProperties('accounts', toAccountCreatedView)),
	route('PATCH', '/organization/accounts', updateMappingProperties('accounts')),
	route('PATCH', '/organization/accounts/:accountId', updateMappingProperty('accounts', 'accountId')),
	route('POST', '/organization/services', createMappingProperties('orgServices', toOrgServiceCreatedView)),
	route('GET', '/organization/services', listMappingProperties('orgServices')),
	route('PATCH', '/organization/services', updateMappingProperties('orgServices')),
	route('PATCH', '/organization/services/:serviceId', updateMappingProperty('orgServices', 'serviceId')),
	route('POST', '/alerting/:accountId', createAlert),
	route('GET', '/alerting/debug/:messageId', getAlertDelivery),
];
