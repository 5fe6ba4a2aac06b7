// The emulator's data model: vendors (keyed by vendor API key), their skus, and their partner
// integrations (keyed by partner API key), plus the JSON views the API and the admin surface show.
// Keys live only here, as Map keys and on the records; no view below ever includes them.
// Section numbers (§) are those of docs/gradient-api.md.
import { badRequest, conflict, notFound } from './errors.mjs';
import {
	ACCOUNT_CREATE_SCHEMA,
	INTEGRATION_STATUSES,
	SERVICE_CREATE_SCHEMA,
	hasRepeatedIds,
	objectMessages,
} from './validation.mjs';

// The value Gradient's sample shows (docs/gradient-api.md §5.4), read as "never synced" (§9 U21).
const NEVER_SYNCED = '1900-06-18T17:11:28.553Z';

const optionalText = { type: 'string' };

const SEED_VENDOR_SCHEMA = {
	apiKey: { type: 'string', required: true, notEmpty: true },
	id: optionalText,
	organizationId: optionalText,
	// required for a new vendor only (see mergeSeed)
	name: { type: 'string', notEmpty: true },
	description: optionalText,
	imageUri: optionalText,
	integrationPortalUrl: optionalText,
	vendorSupportPageUrl: optionalText,
	createdAt: { type: 'isoDateTime' },
	skus: { type: 'array' },
	partners: { type: 'array' },
};
const SEED_SKU_SCHEMA = { ...SERVICE_CREATE_SCHEMA, id: optionalText };
const SEED_PARTNER_SCHEMA = {
	apiKey: { type: 'string', required: true, notEmpty: true },
	organizationId: optionalText,
	integrationId: optionalText,
	name: { type: 'string', required: true, notEmpty: true },
	status: { type: 'string', oneOf: INTEGRATION_STATUSES },
	lastSyncedAt: { type: 'isoDateTime' },
	forbidden: { type: 'boolean' },
	accounts: { type: 'array' },
	orgServices: { type: 'array' },
	mappedSkuNames: { type: 'idList' },
	mappedSkuIds: { type: 'idList' },
	clients: { type: 'array' },
};
// Seeds describe accounts and organization services alike; description is optional in a seed.
const SEED_MAPPING_PROPERTY_SCHEMA = {
	...ACCOUNT_CREATE_SCHEMA,
	isActive: { type: 'boolean' },
	mapped: { type: 'boolean' },
};
const SEED_CLIENT_SCHEMA = {
	id: { type: 'string', required: true, notEmpty: true },
	name: { type: 'string', required: true, notEmpty: true },
};

export function createState() {
	return { vendors: new Map() };
}

const nowIso = () => new Date().toISOString();

function listMessages(items, schema, path) {
	return items.flatMap((item, index) => objectMessages(item, schema, `${path}[${index}]`));
}

function partnerMessages(partner, path) {
	const messages = objectMessages(partner, SEED_PARTNER_SCHEMA, path);
	if (messages.length > 0) return messages;
	for (const [listName, schema] of [
		['accounts', SEED_MAPPING_PROPERTY_SCHEMA],
		['orgServices', SEED_MAPPING_PROPERTY_SCHEMA],
		['clients', SEED_CLIENT_SCHEMA],
	]) {
		const items = partner[listName] ?? [];
		const itemMessages = listMessages(items, schema, `${path}.${listName}`);
		messages.push(...itemMessages);
		if (itemMessages.length === 0 && hasRepeatedIds(items)) messages.push(`${path}.${listName} ids must be unique`);
	}
	return messages;
}

function seedMessages(seed) {
	if (!Array.isArray(seed?.vendors)) return ['seed.vendors must be an array'];
	return seed.vendors.flatMap((vendor, vendorIndex) => {
		const path = `vendors[${vendorIndex}]`;
		const vendorMessages = objectMessages(vendor, SEED_VENDOR_SCHEMA, path);
		if (vendorMessages.length > 0) return vendorMessages;
		return [
			...listMessages(vendor.skus ?? [], SEED_SKU_SCHEMA, `${path}.skus`),
			...(vendor.partners ?? []).flatMap((partner, index) => partnerMessages(partner, `${path}.partners[${index}]`)),
		];
	});
}

/** One entry of the `accounts` or `orgServices` map of a partner. */
export function createMappingProperty({ id, name, description = '', isArrears, isActive }) {
	return { id, name, description, isArrears, isActive, isMapped: false, mappingId: null };
}

/**
 * A partner service: its vendor-given `id` plus the Mongo `_id` Gradient gives every record,
 * which Gradient's SDK sends as a count's serviceId (§5.8, §9 U2).
 */
export function createOrgService(fields, ids) {
	return { _id: ids.objectId(), ...createMappingProperty(fields) };
}

export function createSku(vendor, fields, ids) {
	const sku = {
		id: fields.id ?? ids.objectId(),
		name: fields.name,
		description: fields.description,
		category: fields.category,
		subcategory: fields.subcategory,
		supportArticle: fields.supportArticle,
		supportContact: fields.supportContact,
	};
	vendor.skus.push(sku);
	vendor.updatedAt = nowIso();
	return sku;
}

function createVendor(seedVendor, ids) {
	const createdAt = seedVendor.createdAt ?? nowIso();
	return {
		apiKey: seedVendor.apiKey,
		id: seedVendor.id ?? ids.objectId(),
		organizationId: seedVendor.organizationId ?? ids.objectId(),
		name: seedVendor.name,
		description: seedVendor.description ?? '',
		imageUri: seedVendor.imageUri,
		integrationPortalUrl: seedVendor.integrationPortalUrl,
		vendorSupportPageUrl: seedVendor.vendorSupportPageUrl,
		createdAt,
		updatedAt: createdAt,
		skus: [],
		partners: new Map(),
	};
}

/** The sku ids a seed partner maps, by name and by id; '*' in either means all. */
function seededSkuIds(vendor, { mappedSkuNames = [], mappedSkuIds = [] }, path) {
	if (mappedSkuNames === '*' || mappedSkuIds === '*') return vendor.skus.map((sku) => sku.id);
	const unknown = [
		...mappedSkuNames.filter((name) => !vendor.skus.some((sku) => sku.name === name)),
		...mappedSkuIds.filter((id) => !vendor.skus.some((sku) => sku.id === id)),
	];
	if (unknown.length > 0) throw badRequest([`${path} maps unknown skus: ${unknown.join(', ')}`]);
	return vendor.skus
		.filter((sku) => mappedSkuNames.includes(sku.name) || mappedSkuIds.includes(sku.id))
		.map((sku) => sku.id);
}

function createPartner(vendor, seedPartner, ids, path) {
	const partner = {
		vendor,
		apiKey: seedPartner.apiKey,
		organizationId: seedPartner.organizationId ?? ids.objectId(),
		integrationId: seedPartner.integrationId ?? ids.objectId(),
		name: seedPartner.name,
		// §5.4: `inactive` is the default for a new partner integration.
		status: seedPartner.status ?? 'inactive',
		lastSyncedAt: seedPartner.lastSyncedAt ?? NEVER_SYNCED,
		forbidden: seedPartner.forbidden ?? false,
		accounts: new Map(),
		orgServices: new Map(),
		mappedSkuIds: new Set(),
		unitCounts: new Map(),
		billingBuilds: 0,
		alerts: new Map(),
		clients: [...(seedPartner.clients ?? [])]
			.map(({ id, name }) => ({ id, name }))
			.sort((left, right) => compareIds(left.id, right.id)),
	};
	for (const seedAccount of seedPartner.accounts ?? []) {
		partner.accounts.set(seedAccount.id, createMappingProperty(seedAccount));
	}
	for (const seedService of seedPartner.orgServices ?? []) {
		partner.orgServices.set(seedService.id, createOrgService(seedService, ids));
	}
	setMapped(partner, {
		accountIds: (seedPartner.accounts ?? []).filter((account) => account.mapped).map((account) => account.id),
		serviceIds: [
			...seededSkuIds(vendor, seedPartner, path),
			...(seedPartner.orgServices ?? []).filter((service) => service.mapped).map((service) => service.id),
		],
		mapped: true,
		ids,
	});
	return partner;
}

/** Keyset order of the deprecated clients listing (§5.5, its `previousId` cursor: §9 U4). */
export const compareIds = (left, right) => (left < right ? -1 : left > right ? 1 : 0);

/**
 * Adds the vendors and partners of `seed` (the seed.default.json format) to `state`. A vendor whose
 * apiKey already exists receives the seed's skus and partners; its other fields stay as they are.
 * All or nothing: an invalid entry, an unknown mapped sku or a taken key or id changes nothing,
 * because everything is built on drafts first and only then attached to `state`.
 */
export function mergeSeed(state, seed, ids) {
	const messages = seedMessages(seed);
	if (messages.length > 0) throw badRequest(messages);
	const drafts = new Map();
	seed.vendors.forEach((seedVendor, vendorIndex) => {
		const path = `vendors[${vendorIndex}]`;
		if (drafts.has(seedVendor.apiKey)) throw conflict(`${path}.apiKey repeats an earlier vendor of this seed`);
		const existing = state.vendors.get(seedVendor.apiKey);
		if (!existing && !seedVendor.name) throw badRequest([`${path}.name should not be empty`]);
		const draft = existing
			? { ...existing, skus: [...existing.skus], partners: new Map() }
			: createVendor(seedVendor, ids);
		drafts.set(seedVendor.apiKey, { existing, draft });
		for (const seedSku of seedVendor.skus ?? []) {
			if (draft.skus.some((sku) => sku.id === seedSku.id)) throw conflict(`${path}.skus: id ${seedSku.id} is taken`);
			createSku(draft, seedSku, ids);
		}
		const takenOrganizationIds = new Set(
			[...(existing?.partners.values() ?? [])].map((partner) => partner.organizationId),
		);
		(seedVendor.partners ?? []).forEach((seedPartner, partnerIndex) => {
			const partnerPath = `${path}.partners[${partnerIndex}]`;
			if (existing?.partners.has(seedPartner.apiKey) || draft.partners.has(seedPartner.apiKey)) {
				throw conflict(`${partnerPath}: this vendor already has a partner with that apiKey`);
			}
			const partner = createPartner(draft, seedPartner, ids, partnerPath);
			// One integration per vendor and MSP organization (§3: the key pair selects one).
			if (takenOrganizationIds.has(partner.organizationId)) {
				throw conflict(`${partnerPath}: organization ${partner.organizationId} is already a partner of this vendor`);
			}
			takenOrganizationIds.add(partner.organizationId);
			draft.partners.set(seedPartner.apiKey, partner);
		});
	});
	for (const [apiKey, { existing, draft }] of drafts) {
		if (!existing) {
			state.vendors.set(apiKey, draft);
			continue;
		}
		existing.skus = draft.skus;
		existing.updatedAt = draft.updatedAt;
		for (const [partnerKey, partner] of draft.partners) {
			partner.vendor = existing;
			existing.partners.set(partnerKey, partner);
		}
	}
}

export function allPartners(state) {
	return [...state.vendors.values()].flatMap((vendor) => [...vendor.partners.values()]);
}

/**
 * Resolves a service id given to Set Unit Count (§5.3) or the admin map
 * route: a vendor sku id, or a partner service of this partner found by `orgServiceIdField`,
 * its vendor-given `id` or its `_id` (§9 U2). Skus win a clash, since they are the documented case.
 */
export function findService(partner, serviceId, orgServiceIdField = 'id') {
	const sku = partner.vendor.skus.find((candidate) => candidate.id === serviceId);
	if (sku) return { kind: 'sku', sku, isMapped: partner.mappedSkuIds.has(sku.id) };
	const orgService = [...partner.orgServices.values()].find((record) => record[orgServiceIdField] === serviceId);
	if (orgService) return { kind: 'orgService', orgService, isMapped: orgService.isMapped };
	return undefined;
}

function markMapped(record, mapped, ids) {
	record.isMapped = mapped;
	record.mappingId = mapped ? (record.mappingId ?? ids.objectId()) : null;
}

/**
 * What the partner does in Synthesize's mapping screen (§5.7: mapping is the partner's act): marks
 * accounts and services mapped or unmapped. '*' selects all. Unknown ids → 404, nothing changes.
 */
export function setMapped(partner, { accountIds = [], serviceIds = [], mapped = true, ids }) {
	const accounts =
		accountIds === '*' ? [...partner.accounts.values()] : accountIds.map((id) => partner.accounts.get(id));
	const services =
		serviceIds === '*'
			? [
					...partner.vendor.skus.map((sku) => ({ kind: 'sku', sku })),
					...[...partner.orgServices.values()].map((orgService) => ({ kind: 'orgService', orgService })),
				]
			: serviceIds.map((id) => findService(partner, id));
	const unknown = [
		...(accountIds === '*' ? [] : accountIds.filter((_, index) => !accounts[index])),
		...(serviceIds === '*' ? [] : serviceIds.filter((_, index) => !services[index])),
	];
	if (unknown.length > 0) throw notFound(`Unknown account or service ids: ${unknown.join(', ')}`);
	for (const account of accounts) markMapped(account, mapped, ids);
	for (const service of services) {
		if (service.kind === 'orgService') markMapped(service.orgService, mapped, ids);
		else if (mapped) partner.mappedSkuIds.add(service.sku.id);
		else partner.mappedSkuIds.delete(service.sku.id);
	}
}

/** §5.6: a Synthesize-side disconnect deletes the vendor's accounts (and with them the mappings). */
export function disconnect(partner) {
	partner.accounts.clear();
	partner.orgServices.clear();
	partner.mappedSkuIds.clear();
	partner.unitCounts.clear();
	partner.status = 'inactive';
}

export const unitCountKey = (serviceId, accountId) => `${serviceId}|${accountId}`;

/**
 * Gives an account or organization service a new id in place (creation order kept), and moves its
 * unit counts along: a count belongs to the record, not to the id it had when it was set.
 */
export function renameMappingProperty(partner, collectionName, oldId, newId) {
	const collection = partner[collectionName];
	partner[collectionName] = new Map(
		[...collection].map(([id, record]) => (id === oldId ? [newId, { ...record, id: newId }] : [id, record])),
	);
	const field = collectionName === 'accounts' ? 'accountId' : 'serviceId';
	partner.unitCounts = new Map(
		[...partner.unitCounts.values()].map((entry) => {
			const moved = entry[field] === oldId ? { ...entry, [field]: newId } : entry;
			return [unitCountKey(moved.serviceId, moved.accountId), moved];
		}),
	);
	return partner[collectionName].get(newId);
}

/** §5.4: "active" follows automatically once Gradient received usage or an alert; from `pending` only (§9 U14). */
export function recordSync(partner) {
	partner.lastSyncedAt = nowIso();
	if (partner.status === 'pending') partner.status = 'active';
}

// ---- JSON views -------------------------------------------------------------------------------

/** A sku (§5.2): `_id` is the same value as `id`; optional fields only when set. */
function skuView(sku) {
	return {
		_id: sku.id,
		id: sku.id,
		name: sku.name,
		description: sku.description,
		logo: '',
		category: sku.category,
		subcategory: sku.subcategory,
		...optionalFields(sku, ['supportArticle', 'supportContact']),
	};
}

function optionalFields(record, names) {
	return Object.fromEntries(names.filter((name) => record[name] !== undefined).map((name) => [name, record[name]]));
}

/** The vendor (§5.1), with the fixed values Gradient's sample shows for a custom vendor. */
export function vendorView(vendor, skus = vendor.skus) {
	return {
		_id: vendor.id,
		id: vendor.id,
		name: vendor.name,
		description: vendor.description,
		integrationType: 'custom',
		isDistributor: false,
		externalIntegrationStatus: 'notIntegrated',
		mappingResponsibilities: ['accounts', 'services'],
		modules: [{ variation: 'alerts' }, { variation: 'billing' }],
		organizationId: vendor.organizationId,
		attributes: [],
		...optionalFields(vendor, ['imageUri', 'integrationPortalUrl', 'vendorSupportPageUrl']),
		skus: skus.map(skuView),
		createdAt: vendor.createdAt,
		updatedAt: vendor.updatedAt,
		__v: 0,
	};
}

/** The partner integration (§5.4). */
export function integrationView(partner) {
	return {
		organizationId: partner.organizationId,
		name: partner.name,
		vendorId: partner.vendor.id,
		vendorName: partner.vendor.name,
		integrationId: partner.integrationId,
		status: partner.status,
		lastSyncedAt: partner.lastSyncedAt,
	};
}

/** The mapping fields each `mappingFields` reading shows (§5.7, §9 U3). */
const SHOWN_MAPPING_FIELDS = {
	isMappedAndMappingId: ['isMapped', 'mappingId'],
	mappingIdOnly: ['mappingId'],
	isMappedOnly: ['isMapped'],
	none: [],
};

const shownMappingFields = (record, readings, names) =>
	Object.fromEntries(
		SHOWN_MAPPING_FIELDS[readings.mappingFields].filter((name) => names.includes(name)).map((name) => [name, record[name]]),
	);

/**
 * Accounts and partner services as the list routes show them (§5.6, §5.8). A partner service's
 * `_id` shows only where the readings have counts take it, so that a client can read it.
 */
export function listedView(record, readings) {
	const { _id, id, name, description } = record;
	const mongoId = _id !== undefined && readings.partnerServiceCountId === '_id' ? { _id } : {};
	return { ...mongoId, id, name, description, ...shownMappingFields(record, readings, ['isMapped', 'mappingId']) };
}

/** The answer of the update routes (§5.6): the 2026 spec adds `mappingId`, the SDK has none. */
export function updatedView({ id, name, description, ...record }, readings) {
	return { id, name, description, ...shownMappingFields(record, readings, ['mappingId']) };
}

/** The whole state for the admin surface: everything but the keys. */
export function stateView(state) {
	return {
		vendors: [...state.vendors.values()].map((vendor) => ({
			...vendorView(vendor),
			partners: [...vendor.partners.values()].map(partnerView),
		})),
	};
}

function partnerView(partner) {
	return {
		...integrationView(partner),
		forbidden: partner.forbidden,
		accounts: [...partner.accounts.values()],
		orgServices: [...partner.orgServices.values()],
		mappedSkuIds: [...partner.mappedSkuIds],
		unitCounts: [...partner.unitCounts.values()],
		billingBuilds: partner.billingBuilds,
		alerts: [...partner.alerts.values()],
		clients: partner.clients,
	};
}
