// Behaviour of the Gradient MSP vendor API emulator (test/emulator/*.mjs), read against
// docs/gradient-api.md, whose sections (§) the describe titles name. Each test talks HTTP to a
// real emulator through the global fetch.
// Node's types declare that fetch (and Headers, btoa); tsconfig loads only jest's by default.
/// <reference types="node" />
import defaultSeed from './seed.default.json';

// The emulator is plain ESM JavaScript: a variable specifier keeps tsc from looking for a
// declaration file, and these types describe the part the tests use. Loading .mjs from this
// CommonJS-compiled test relies on jest's require(esm) support, hence Node 24 (scripts/node24.mjs).
const serverModulePath = './server.mjs';
const faultsModulePath = './faults.mjs';

// Responses are JSON of many shapes, as JSON.parse gives them; the assertions pin them down.
type Json = ReturnType<typeof JSON.parse>;

interface RunningEmulator {
	url: string;
	port: number;
	close(): Promise<void>;
	emulator: { state(): Json; configure(config: Json): Json };
}
type StartEmulator = (options?: Record<string, unknown>) => Promise<RunningEmulator>;
type RateLimiter = (scopeKey: string, now: number) => { allowed: boolean; retryAfterSeconds?: number };

interface Answer {
	status: number;
	body: Json;
	headers: Headers;
}

let startEmulator: StartEmulator;
let createRateLimiter: (config: { requestsPerSecond: number }) => RateLimiter;

// Keys of seed.default.json: obvious dummies, read from it.
const [demoVendor] = defaultSeed.vendors;
const VENDOR_KEY = demoVendor.apiKey;
const [NORTHWIND_KEY, FABRIKAM_KEY] = demoVendor.partners.map((partner) => partner.apiKey);
const NORTHWIND_ORG = '6470c0de0000000000000101';
const FABRIKAM_ORG = '6470c0de0000000000000102';
const VENDOR_ID = '6480c0de0000000000000001';
const SKU_SERVER = '6480c0de00000000000000a1'; // mapped by both partners
const SKU_M365 = '6480c0de00000000000000a3'; // mapped by Fabrikam only

const OBJECT_ID = /^[0-9a-f]{24}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const token = (vendorKey: string, partnerKey: string) => btoa(`${vendorKey}:${partnerKey}`);
const NORTHWIND = token(VENDOR_KEY, NORTHWIND_KEY);
const FABRIKAM = token(VENDOR_KEY, FABRIKAM_KEY);

let running: RunningEmulator;

interface CallOptions {
	body?: unknown;
	rawBody?: string;
	token?: string | null;
	headers?: Record<string, string>;
	base?: RunningEmulator;
}

async function call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
	const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
	const tokenValue = options.token === undefined ? NORTHWIND : options.token;
	if (tokenValue !== null) headers['GRADIENT-TOKEN'] = tokenValue;
	const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
	if (payload !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(`${(options.base ?? running).url}${path}`, { method, headers, body: payload });
	const text = await response.text();
	return { status: response.status, body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
}

const api = (method: string, path: string, options?: CallOptions) => call(method, `/api/vendor-api${path}`, options);
const admin = (method: string, path: string, body?: unknown, base?: RunningEmulator) =>
	call(method, `/__emulator${path}`, { body, token: null, base });

async function partnerState(organizationId: string, base?: RunningEmulator): Promise<Json> {
	const { body } = await admin('GET', '/state', undefined, base);
	return body.vendors
		.flatMap((vendor: Json) => vendor.partners)
		.find((partner: Json) => partner.organizationId === organizationId);
}

const setCount = (serviceId: string, body: unknown, query = '', tokenValue = NORTHWIND) =>
	api('POST', `/service/${serviceId}/count${query}`, { body, token: tokenValue });

/** fetch's rejection when the emulator destroys the socket instead of answering. */
async function expectConnectionReset(request: Promise<unknown>) {
	await expect(request).rejects.toThrow(/fetch failed|terminated|socket/i);
}

beforeAll(async () => {
	({ startEmulator } = await import(serverModulePath));
	({ createRateLimiter } = await import(faultsModulePath));
	running = await startEmulator();
});

afterAll(() => running.close());

beforeEach(async () => {
	expect((await admin('POST', '/reset')).status).toBe(200);
});

describe('GRADIENT-TOKEN (§3)', () => {
	const UNAUTHORIZED = { statusCode: 401, message: 'Unauthorized', error: 'Unauthorized' };

	it.each([
		['no header', null],
		['not base64', 'not base64!'],
		['base64 without its padding', token(VENDOR_KEY, NORTHWIND_KEY).replace(/=+$/, '')],
		['no colon', btoa('demo-vendor-key')],
		['empty partner key', btoa('demo-vendor-key:')],
		['empty vendor key', btoa(':demo-partner-key-1')],
		['unknown vendor key', token('other-vendor', NORTHWIND_KEY)],
		['unknown partner key', token(VENDOR_KEY, 'demo-partner-key-9')],
		['keys swapped', token(NORTHWIND_KEY, VENDOR_KEY)],
	])('answers 401 for %s', async (_case, tokenValue) => {
		const answer = await api('GET', '/organization', { token: tokenValue });
		expect(answer.status).toBe(401);
		expect(answer.body).toEqual(UNAUTHORIZED);
	});

	it('requires both keys on vendor-scoped routes too', async () => {
		expect((await api('GET', '', { token: btoa('demo-vendor-key:') })).status).toBe(401);
		expect((await api('GET', '', { token: NORTHWIND })).status).toBe(200);
	});

	it.each(['GRADIENT-TOKEN', 'Gradient-Token', 'gradient-token'])('matches the header spelled %s', async (name) => {
		const answer = await api('GET', '/organization', { token: null, headers: { [name]: NORTHWIND } });
		expect(answer.status).toBe(200);
		expect(answer.body.name).toBe('Northwind MSP');
	});

	it('selects the partner by the key pair and splits on the first colon', async () => {
		await admin('POST', '/seed', {
			vendors: [{ apiKey: VENDOR_KEY, partners: [{ apiKey: 'key:with:colons', name: 'Colon MSP' }] }],
		});
		expect((await api('GET', '/organization', { token: FABRIKAM })).body.name).toBe('Fabrikam IT');
		expect((await api('GET', '/organization', { token: token(VENDOR_KEY, 'key:with:colons') })).body.name).toBe(
			'Colon MSP',
		);
	});

	it('rejects a partner key paired with another vendor', async () => {
		await admin('POST', '/seed', { vendors: [{ apiKey: 'second-vendor-key', name: 'Second', partners: [] }] });
		expect((await api('GET', '/organization', { token: token('second-vendor-key', NORTHWIND_KEY) })).status).toBe(401);
	});

	it('answers 403 to a partner marked forbidden, until lifted', async () => {
		await admin('POST', '/forbid', { organizationId: NORTHWIND_ORG, forbidden: true });
		const answer = await api('GET', '/organization');
		expect(answer.status).toBe(403);
		expect(answer.body).toEqual({ statusCode: 403, message: 'Forbidden resource', error: 'Forbidden' });
		expect((await api('GET', '/organization', { token: FABRIKAM })).status).toBe(200);
		await admin('POST', '/forbid', { organizationId: NORTHWIND_ORG, forbidden: false });
		expect((await api('GET', '/organization')).status).toBe(200);
	});

	it('never shows a token or key in answers, state or journal', async () => {
		const answers = [
			await api('GET', ''),
			await api('GET', '/organization', { token: token(VENDOR_KEY, 'wrong-key') }),
			await admin('GET', '/state'),
			await admin('GET', '/journal'),
			await admin('GET', '/stats'),
		];
		const text = JSON.stringify(answers.map((answer) => answer.body));
		for (const secret of [VENDOR_KEY, NORTHWIND_KEY, FABRIKAM_KEY, NORTHWIND, 'wrong-key']) {
			expect(text).not.toContain(secret);
		}
		const journal = (await admin('GET', '/journal')).body;
		expect(journal.map((entry: Json) => entry.tokenHeaderPresent)).toEqual([true, true]);
	});
});

describe('vendor and vendor services (§5.1, §5.2)', () => {
	it('GET /api/vendor-api returns the vendor in an envelope, _id beside id', async () => {
		const { status, body } = await api('GET', '');
		expect(status).toBe(200);
		expect(body.status).toBe(200);
		expect(body.message).toBe('Success - Retrieved Vendor');
		expect(body.data).toMatchObject({
			_id: VENDOR_ID,
			id: VENDOR_ID,
			name: 'Acme Backup',
			integrationType: 'custom',
			isDistributor: false,
			externalIntegrationStatus: 'notIntegrated',
			mappingResponsibilities: ['accounts', 'services'],
			modules: [{ variation: 'alerts' }, { variation: 'billing' }],
			attributes: [],
			__v: 0,
		});
		expect(body.data.skus).toHaveLength(3);
		for (const sku of body.data.skus) {
			expect(sku._id).toBe(sku.id);
			expect(sku.logo).toBe('');
		}
		expect(body.data.skus[0]).toMatchObject({ id: SKU_SERVER, category: 'backup', subcategory: 'cloud backup' });
	});

	it('PATCH /api/vendor-api updates the vendor, shown to every partner', async () => {
		const { status, body } = await api('PATCH', '', {
			body: { name: 'Acme Backup 2', integrationPortalUrl: 'https://acme.example/gradient' },
		});
		expect(status).toBe(200);
		expect(body).toMatchObject({ status: 200, message: 'Success - Updated Vendor' });
		expect(body.data).toMatchObject({ name: 'Acme Backup 2', integrationPortalUrl: 'https://acme.example/gradient' });
		expect((await api('GET', '/organization', { token: FABRIKAM })).body.vendorName).toBe('Acme Backup 2');
	});

	it.each([
		['an empty body', {}, /at least one of/],
		['an unknown field', { name: 'x', logo: 'y' }, /property logo should not exist/],
		['a number', { description: 5 }, /description must be a string/],
	])('PATCH /api/vendor-api answers 400 for %s', async (_case, body, message) => {
		const answer = await api('PATCH', '', { body });
		expect(answer.status).toBe(400);
		expect(answer.body.error).toBe('Bad Request');
		expect(answer.body.message.join('\n')).toMatch(message);
		expect((await api('GET', '')).body.data.name).toBe('Acme Backup');
	});

	const newService = {
		name: 'Password Vault',
		description: 'Per-user vault',
		category: 'security',
		subcategory: 'password management',
		supportContact: 'help@acme.example',
	};

	it('POST /service answers 201 with the unwrapped vendor holding the new sku', async () => {
		const { status, body } = await api('POST', '/service', { body: newService });
		expect(status).toBe(201);
		expect(body.status).toBeUndefined();
		expect(body.id).toBe(VENDOR_ID);
		const created = body.skus.find((sku: Json) => sku.name === 'Password Vault');
		expect(created).toMatchObject({ ...newService, logo: '' });
		expect(created.id).toMatch(OBJECT_ID);
		expect(created._id).toBe(created.id);
	});

	it('POST /service with a taken name creates a second sku (clients de-duplicate themselves)', async () => {
		await api('POST', '/service', { body: newService });
		await api('POST', '/service', { body: newService });
		const skus = (await api('GET', '')).body.data.skus.filter((sku: Json) => sku.name === 'Password Vault');
		expect(skus).toHaveLength(2);
		expect(skus[0].id).not.toBe(skus[1].id);
	});

	it('POST /service takes the misspelled subcategory exactly as Gradient spells it', async () => {
		const subcategory = 'priviledged access and identity management (PAM/PIM)';
		expect((await api('POST', '/service', { body: { ...newService, subcategory } })).status).toBe(201);
		const corrected = subcategory.replace('priviledged', 'privileged');
		expect((await api('POST', '/service', { body: { ...newService, subcategory: corrected } })).status).toBe(400);
	});

	it.each([
		[
			'a category in the wrong case',
			{ category: 'Security' },
			'category must be one of the following values: security,',
		],
		['an unknown subcategory', { subcategory: 'antivirus' }, 'subcategory must be one of the following values:'],
		['no name', { name: undefined }, 'name should not be empty'],
		['an empty description', { description: '' }, 'description should not be empty'],
		['an unknown field', { id: 'mine' }, 'property id should not exist'],
	])('POST /service answers 400 for %s, listing the messages', async (_case, change, message) => {
		const answer = await api('POST', '/service', { body: { ...newService, ...change } });
		expect(answer.status).toBe(400);
		expect(answer.body.statusCode).toBe(400);
		expect(Array.isArray(answer.body.message)).toBe(true);
		expect(answer.body.message.some((text: string) => text.startsWith(message))).toBe(true);
		expect((await api('GET', '')).body.data.skus).toHaveLength(3);
	});

	it('GET /service/:id returns the vendor with only that sku', async () => {
		const { status, body } = await api('GET', `/service/${SKU_M365}`);
		expect(status).toBe(200);
		expect(body.message).toBe('Success - Retrieved Vendor Service');
		expect(body.data.skus.map((sku: Json) => sku.id)).toEqual([SKU_M365]);
	});

	it('GET /service/:id answers 404 for an unknown id', async () => {
		const answer = await api('GET', '/service/000000000000000000000000');
		expect(answer.status).toBe(404);
		expect(answer.body).toEqual({
			statusCode: 404,
			message: 'No service found with id: 000000000000000000000000',
			error: 'Not Found',
		});
	});

	it('PATCH /service/:id updates the sku, validating like create', async () => {
		const updated = await api('PATCH', `/service/${SKU_M365}`, {
			body: { name: 'M365 Backup', category: 'productivity' },
		});
		expect(updated.status).toBe(200);
		expect(updated.body.message).toBe('Success - Updated Vendor Service');
		const sku = updated.body.data.skus.find((candidate: Json) => candidate.id === SKU_M365);
		expect(sku).toMatchObject({ name: 'M365 Backup', category: 'productivity', subcategory: 'cloud backup' });
		expect((await api('PATCH', `/service/${SKU_M365}`, { body: { category: 'storage' } })).status).toBe(400);
		expect((await api('PATCH', '/service/nope', { body: { name: 'x' } })).status).toBe(404);
	});
});

describe('Set Unit Count (§5.3)', () => {
	it('answers 201 and stores the count', async () => {
		const answer = await setCount(SKU_SERVER, { accountId: 'cust-001', unitCount: 12 });
		expect(answer.status).toBe(201);
		expect(answer.body).toEqual({ status: 201, message: 'Success - Created service unit count' });
		const { unitCounts } = await partnerState(NORTHWIND_ORG);
		expect(unitCounts).toEqual([
			expect.objectContaining({ serviceId: SKU_SERVER, accountId: 'cust-001', unitCount: 12, writes: 1 }),
		]);
	});

	it('sets rather than adds, counting the writes', async () => {
		await setCount(SKU_SERVER, { accountId: 'cust-001', unitCount: 5 });
		await setCount(SKU_SERVER, { accountId: 'cust-001', unitCount: 3 });
		await setCount(SKU_SERVER, { accountId: 'cust-002', unitCount: 2.5 });
		const { unitCounts } = await partnerState(NORTHWIND_ORG);
		expect(unitCounts.map(({ accountId, unitCount, writes }: Json) => ({ accountId, unitCount, writes }))).toEqual([
			{ accountId: 'cust-001', unitCount: 3, writes: 2 },
			{ accountId: 'cust-002', unitCount: 2.5, writes: 1 },
		]);
	});

	it('rebuilds billing unless no_build is the literal "true"', async () => {
		await setCount(SKU_SERVER, { accountId: 'cust-001', unitCount: 1 }, '?no_build=true');
		await setCount(SKU_SERVER, { accountId: 'cust-002', unitCount: 1 }, '?no_build=true');
		expect((await partnerState(NORTHWIND_ORG)).billingBuilds).toBe(0);
		await setCount(SKU_SERVER, { accountId: 'cust-001', unitCount: 1 }, '?no_build=1');
		await setCount(SKU_SERVER, { accountId: 'cust-002', unitCount: 1 });
		expect((await partnerState(NORTHWIND_ORG)).billingBuilds).toBe(2);
	});

	it('turns a pending integration active and stamps lastSyncedAt', async () => {
		const before = await api('GET', '/organization');
		expect(before.body).toMatchObject({ status: 'pending', lastSyncedAt: '1900-06-18T17:11:28.553Z' });
		const startedAt = Date.now();
		await setCount(SKU_SERVER, { accountId: 'cust-001', unitCount: 1 });
		const after = (await api('GET', '/organization')).body;
		expect(after.status).toBe('active');
		expect(Date.parse(after.lastSyncedAt)).toBeGreaterThanOrEqual(startedAt - 1000);
	});

	it('leaves an inactive integration inactive', async () => {
		await api('POST', '/organization/accounts', { token: FABRIKAM, body: [{ id: 'f-1', name: 'F One' }] });
		await admin('POST', '/map', { organizationId: FABRIKAM_ORG, accountIds: ['f-1'] });
		expect((await setCount(SKU_M365, { accountId: 'f-1', unitCount: 4 }, '', FABRIKAM)).status).toBe(201);
		expect((await api('GET', '/organization', { token: FABRIKAM })).body.status).toBe('inactive');
	});

	it.each([
		['an unmapped account', SKU_SERVER, 'cust-003'],
		['an unknown account', SKU_SERVER, 'cust-999'],
		['a service the partner did not map', SKU_M365, 'cust-001'],
		['an unknown service', '6480c0de00000000000000ff', 'cust-001'],
	])('answers 404 for %s, storing nothing', async (_case, serviceId, accountId) => {
		const answer = await setCount(serviceId, { accountId, unitCount: 1 });
		expect(answer.status).toBe(404);
		expect(answer.body).toEqual({
			statusCode: 404,
			message: `No account map found with id: ${accountId}`,
			error: 'Not Found',
		});
		const partner = await partnerState(NORTHWIND_ORG);
		expect(partner.unitCounts).toEqual([]);
		expect(partner.status).toBe('pending');
	});

	it.each([
		['a text count', { accountId: 'cust-001', unitCount: 'five' }, ['unitCount must be a number']],
		['no count', { accountId: 'cust-001' }, ['unitCount must be a number']],
		['a negative count', { accountId: 'cust-001', unitCount: -1 }, ['unitCount must not be less than 0']],
		['no account id', { unitCount: 1 }, 'You have provided an invalid Id type'],
		['a numeric account id', { accountId: 1, unitCount: 1 }, 'You have provided an invalid Id type'],
	])('answers 400 for %s', async (_case, body, message) => {
		const answer = await setCount(SKU_SERVER, body);
		expect(answer.status).toBe(400);
		expect(answer.body).toEqual({ statusCode: 400, message, error: 'Bad Request' });
	});

	it('accepts a zero count and the deprecated clientOId as an id type', async () => {
		expect((await setCount(SKU_SERVER, { accountId: 'cust-001', unitCount: 0 })).status).toBe(201);
		const clientOnly = await setCount(SKU_SERVER, { clientOid: 'b0a7c000-0000-4000-8000-000000000001', unitCount: 1 });
		expect(clientOnly.status).toBe(404);
	});

	it('takes an organization service id as serviceId once it is mapped', async () => {
		await api('POST', '/organization/services', { body: [{ id: 'svc-a', name: 'Seats', description: '' }] });
		expect((await setCount('svc-a', { accountId: 'cust-001', unitCount: 2 })).status).toBe(404);
		await admin('POST', '/map', { organizationId: NORTHWIND_ORG, serviceIds: ['svc-a'] });
		expect((await setCount('svc-a', { accountId: 'cust-001', unitCount: 2 })).status).toBe(201);
	});
});

describe('partner integration (§5.4)', () => {
	it('GET /organization returns the integration unwrapped', async () => {
		const { status, body } = await api('GET', '/organization');
		expect(status).toBe(200);
		expect(body).toEqual({
			organizationId: NORTHWIND_ORG,
			name: 'Northwind MSP',
			vendorId: VENDOR_ID,
			vendorName: 'Acme Backup',
			integrationId: '6490c0de0000000000000101',
			status: 'pending',
			lastSyncedAt: '1900-06-18T17:11:28.553Z',
		});
	});

	it.each(['inactive', 'pending', 'active'])('PATCH /organization/status/%s sets it', async (status) => {
		const answer = await api('PATCH', `/organization/status/${status}`, { token: FABRIKAM });
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ status: 200, message: 'Success - Updated Integration Status' });
		expect(answer.body.data).toMatchObject({ organizationId: FABRIKAM_ORG, status });
		expect((await api('GET', '/organization', { token: FABRIKAM })).body.status).toBe(status);
	});

	it.each(['Active', 'disabled', 'error'])('PATCH /organization/status/%s answers 400', async (status) => {
		const answer = await api('PATCH', `/organization/status/${status}`);
		expect(answer.status).toBe(400);
		expect(answer.body.message).toEqual(['status must be one of the following values: inactive, pending, active']);
		expect((await api('GET', '/organization')).body.status).toBe('pending');
	});
});

describe('GET /organization/clients (§5.5)', () => {
	async function allPages(query: string, base?: RunningEmulator) {
		const pages: Json[] = [];
		let previousId = '';
		for (let guard = 0; guard < 50; guard += 1) {
			const cursor = previousId ? `&previousId=${previousId}` : '';
			const { body } = await api('GET', `/organization/clients?${query}${cursor}`, { token: FABRIKAM, base });
			pages.push(body);
			if (body.clients.length === 0) return pages;
			previousId = body.meta.lastId;
		}
		throw new Error('the clients listing never ended');
	}

	it('pages through all 120 clients in id order, ending with an empty page', async () => {
		const pages = await allPages('');
		expect(pages.map((page) => page.clients.length)).toEqual([50, 50, 20, 0]);
		expect(pages[0].meta).toEqual({ pageSize: 50, count: 50, total: 120, lastId: pages[0].clients[49].id });
		expect(pages[3].meta.lastId).toBeNull();
		const ids = pages.flatMap((page) => page.clients.map((client: Json) => client.id));
		expect(new Set(ids).size).toBe(120);
		expect([...ids].sort()).toEqual(ids);
		expect(pages[0].clients[0]).toEqual({ _id: ids[0], id: ids[0], name: expect.any(String) });
	});

	it('filters by a case-insensitive name substring', async () => {
		const pages = await allPages('search=DENTAL');
		const names = pages.flatMap((page) => page.clients.map((client: Json) => client.name));
		expect(names).toHaveLength(12);
		expect(names.every((name: string) => name.endsWith('Dental'))).toBe(true);
		expect(pages[0].meta.total).toBe(12);
	});

	it('uses the clientsPageSize option', async () => {
		const small = await startEmulator({ clientsPageSize: 7 });
		try {
			const pages = await allPages('search=harbor', small);
			expect(pages.map((page) => page.clients.length)).toEqual([7, 3, 0]);
		} finally {
			await small.close();
		}
	});
});

describe('accounts (§5.6, §5.7)', () => {
	const ids = (answer: Answer) => answer.body.map((account: Json) => account.id);

	it('GET lists accounts in creation order with their mapping', async () => {
		const { status, body } = await api('GET', '/organization/accounts');
		expect(status).toBe(200);
		expect(body.map(({ id, isMapped }: Json) => [id, isMapped])).toEqual([
			['cust-001', true],
			['cust-002', true],
			['cust-003', false],
		]);
		expect(body[0]).toEqual({
			id: 'cust-001',
			name: 'Contoso Ltd',
			description: 'contoso.com',
			isMapped: true,
			mappingId: expect.stringMatching(OBJECT_ID),
		});
		expect(body[2].mappingId).toBeNull();
	});

	it('GET returnUnmapped=false lists mapped accounts only', async () => {
		expect(ids(await api('GET', '/organization/accounts?returnUnmapped=false'))).toEqual(['cust-001', 'cust-002']);
		expect(ids(await api('GET', '/organization/accounts?returnUnmapped=true'))).toHaveLength(3);
		expect((await api('GET', '/organization/accounts?returnUnmapped=no')).status).toBe(400);
	});

	it.each([
		['single', 'accountIds=cust-003', ['cust-003']],
		['repeated', 'accountIds=cust-003&accountIds=cust-001', ['cust-001', 'cust-003']],
		['brackets', 'accountIds[]=cust-002&accountIds[]=cust-003', ['cust-002', 'cust-003']],
		['indices', 'accountIds%5B0%5D=cust-001&accountIds%5B1%5D=cust-002', ['cust-001', 'cust-002']],
		['filtered and mapped only', 'accountIds=cust-001&accountIds=cust-003&returnUnmapped=false', ['cust-001']],
	])('GET accepts accountIds in the %s form', async (_form, query, expected) => {
		expect(ids(await api('GET', `/organization/accounts?${query}`))).toEqual(expected);
	});

	it('POST creates in bulk and answers 201 with the created accounts', async () => {
		const answer = await api('POST', '/organization/accounts', {
			body: [
				{ id: 'cust-004', name: 'Fourth Coffee', description: 'fourthcoffee.com' },
				{ id: 'cust-005', name: 'Litware', isArrears: true },
			],
		});
		expect(answer.status).toBe(201);
		expect(answer.body).toEqual([
			{ id: 'cust-004', name: 'Fourth Coffee', description: 'fourthcoffee.com' },
			{ id: 'cust-005', name: 'Litware', description: '' },
		]);
		const listed = await api('GET', '/organization/accounts?accountIds=cust-005');
		expect(listed.body).toEqual([
			{ id: 'cust-005', name: 'Litware', description: '', isMapped: false, mappingId: null },
		]);
	});

	it('keeps accounts per partner', async () => {
		await api('POST', '/organization/accounts', {
			token: FABRIKAM,
			body: [{ id: 'cust-001', name: 'Same id, other MSP' }],
		});
		expect(ids(await api('GET', '/organization/accounts', { token: FABRIKAM }))).toEqual(['cust-001']);
		expect((await api('GET', '/organization/accounts?accountIds=cust-001')).body[0].name).toBe('Contoso Ltd');
	});

	it.each([
		[
			'an existing id',
			[
				{ id: 'cust-new', name: 'New' },
				{ id: 'cust-002', name: 'Again' },
			],
		],
		[
			'an id repeated in the batch',
			[
				{ id: 'cust-new', name: 'New' },
				{ id: 'cust-new', name: 'New twice' },
			],
		],
	])('POST with %s answers 409 and creates nothing', async (_case, body) => {
		const answer = await api('POST', '/organization/accounts', { body });
		expect(answer.status).toBe(409);
		expect(answer.body).toEqual({
			statusCode: 409,
			message: 'A resource with this Id already exists.',
			error: 'Conflict',
		});
		expect(ids(await api('GET', '/organization/accounts'))).toEqual(['cust-001', 'cust-002', 'cust-003']);
	});

	it.each([
		['an object instead of an array', { id: 'x', name: 'X' }, 'Validation failed (parsable array expected)'],
		['a numeric id', [{ id: 7, name: 'Seven' }], '[0] id must be a string'],
		[
			'an unknown field',
			[
				{ id: 'x', name: 'X' },
				{ id: 'y', name: 'Y', domain: 'y.com' },
			],
			'[1] property domain should not exist',
		],
		['no name', [{ id: 'x' }], '[0] name should not be empty'],
	])('POST with %s answers 400 and creates nothing', async (_case, body, message) => {
		const answer = await api('POST', '/organization/accounts', { body });
		expect(answer.status).toBe(400);
		expect(answer.body.message).toContain(message);
		expect(ids(await api('GET', '/organization/accounts'))).toHaveLength(3);
	});

	it('PATCH (bulk) updates several accounts', async () => {
		const answer = await api('PATCH', '/organization/accounts', {
			body: [
				{ id: 'cust-001', name: 'Contoso Group' },
				{ id: 'cust-003', description: 'woodgrove.example', isActive: false },
			],
		});
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual([
			{
				id: 'cust-001',
				name: 'Contoso Group',
				description: 'contoso.com',
				mappingId: expect.stringMatching(OBJECT_ID),
			},
			{ id: 'cust-003', name: 'Woodgrove Bank', description: 'woodgrove.example', mappingId: null },
		]);
	});

	it('PATCH (bulk) with an unknown id answers 404 and changes nothing', async () => {
		const answer = await api('PATCH', '/organization/accounts', {
			body: [
				{ id: 'cust-001', name: 'Changed' },
				{ id: 'cust-404', name: 'Ghost' },
			],
		});
		expect(answer.status).toBe(404);
		expect(answer.body.message).toBe('No account found with id: cust-404');
		expect((await api('GET', '/organization/accounts?accountIds=cust-001')).body[0].name).toBe('Contoso Ltd');
	});

	it('PATCH /:accountId updates one account', async () => {
		const answer = await api('PATCH', '/organization/accounts/cust-002', {
			body: { name: 'Tailspin', isArrears: true },
		});
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({
			id: 'cust-002',
			name: 'Tailspin',
			description: 'tailspintoys.com',
			mappingId: expect.stringMatching(OBJECT_ID),
		});
	});

	it('PATCH /:accountId with a new id renames in place, keeping mapping and counts', async () => {
		await setCount(SKU_SERVER, { accountId: 'cust-001', unitCount: 9 });
		const answer = await api('PATCH', '/organization/accounts/cust-001', { body: { id: 'contoso' } });
		expect(answer.status).toBe(200);
		expect(answer.body.id).toBe('contoso');
		expect(ids(await api('GET', '/organization/accounts'))).toEqual(['contoso', 'cust-002', 'cust-003']);
		expect((await partnerState(NORTHWIND_ORG)).unitCounts[0]).toMatchObject({ accountId: 'contoso', unitCount: 9 });
		expect((await setCount(SKU_SERVER, { accountId: 'contoso', unitCount: 10 })).status).toBe(201);
		expect((await api('PATCH', '/organization/accounts/contoso', { body: { id: 'cust-002' } })).status).toBe(409);
	});

	it('PATCH /:accountId answers 404 for an unknown account', async () => {
		const answer = await api('PATCH', '/organization/accounts/cust-404', { body: { name: 'Ghost' } });
		expect(answer.status).toBe(404);
		expect(answer.body).toEqual({ statusCode: 404, message: 'No account found with id: cust-404', error: 'Not Found' });
	});
});

describe('partner services (§5.8)', () => {
	const services = [
		{ id: 'svc-1', name: 'Seats', description: 'per seat' },
		{ id: 'svc-2', name: 'Storage', description: '' },
	];

	it('POST creates in bulk and answers 201 with isMapped false', async () => {
		const answer = await api('POST', '/organization/services', { body: services });
		expect(answer.status).toBe(201);
		expect(answer.body).toEqual(services.map((service) => ({ ...service, isMapped: false })));
		expect((await api('POST', '/organization/services', { body: [services[1]] })).status).toBe(409);
		expect((await api('GET', '/organization/services', { token: FABRIKAM })).body).toEqual([]);
	});

	it('gives each partner service its own 24-hex _id, the same on every run', async () => {
		const createdIds = async () => {
			await api('POST', '/organization/services', { body: services });
			return (await partnerState(NORTHWIND_ORG)).orgServices.map((service: Json) => service._id);
		};
		const first = await createdIds();
		expect(first).toHaveLength(2);
		for (const mongoId of first) expect(mongoId).toMatch(OBJECT_ID);
		expect(first[0]).not.toBe(first[1]);
		await admin('POST', '/reset');
		expect(await createdIds()).toEqual(first);
	});

	it('gives seeded partner services an _id too', async () => {
		await admin('POST', '/seed', {
			vendors: [{ apiKey: VENDOR_KEY, partners: [{ apiKey: 'p-seeded', name: 'Seeded MSP', orgServices: services }] }],
		});
		const seeded = (await admin('GET', '/state')).body.vendors[0].partners[2].orgServices;
		expect(seeded.map((service: Json) => service._id)).toEqual([
			expect.stringMatching(OBJECT_ID),
			expect.stringMatching(OBJECT_ID),
		]);
	});

	it('POST requires a description, which may be empty', async () => {
		const answer = await api('POST', '/organization/services', { body: [{ id: 'svc-3', name: 'No description' }] });
		expect(answer.status).toBe(400);
		expect(answer.body.message).toEqual(['[0] description must be a string']);
	});

	it('GET filters by serviceIds and mapping', async () => {
		await api('POST', '/organization/services', { body: services });
		await admin('POST', '/map', { organizationId: NORTHWIND_ORG, serviceIds: ['svc-2'] });
		const all = await api('GET', '/organization/services');
		expect(all.status).toBe(200);
		expect(all.body.map(({ id, isMapped }: Json) => [id, isMapped])).toEqual([
			['svc-1', false],
			['svc-2', true],
		]);
		expect((await api('GET', '/organization/services?returnUnmapped=false')).body.map((s: Json) => s.id)).toEqual([
			'svc-2',
		]);
		expect((await api('GET', '/organization/services?serviceIds[]=svc-1')).body.map((s: Json) => s.id)).toEqual([
			'svc-1',
		]);
	});

	it('PATCH (bulk and single) updates, answering 404 for unknown ids', async () => {
		await api('POST', '/organization/services', { body: services });
		const bulk = await api('PATCH', '/organization/services', { body: [{ id: 'svc-1', name: 'Seats v2' }] });
		expect(bulk.status).toBe(200);
		expect(bulk.body).toEqual([{ id: 'svc-1', name: 'Seats v2', description: 'per seat', mappingId: null }]);
		const single = await api('PATCH', '/organization/services/svc-2', { body: { description: 'GB' } });
		expect(single.body).toEqual({ id: 'svc-2', name: 'Storage', description: 'GB', mappingId: null });
		const missing = await api('PATCH', '/organization/services/svc-9', { body: { name: 'x' } });
		expect(missing.status).toBe(404);
		expect(missing.body.message).toBe('No service found with id: svc-9');
		expect((await api('PATCH', '/organization/services', { body: [{ id: 'svc-9' }] })).status).toBe(404);
	});
});

describe('alerts (§5.9)', () => {
	const alert = { title: 'Backup failed', description: 'Job 42 failed', alertId: 'alert-1', priority: 3, status: 1 };

	it('POST answers 201 with messageId, alertId and correlationID; debug shows it queued', async () => {
		const created = await api('POST', '/alerting/cust-001', {
			body: { ...alert, dueDateTime: '2030-01-01T00:00:00.000Z', serviceId: SKU_SERVER },
		});
		expect(created.status).toBe(201);
		expect(created.body).toEqual({
			messageId: expect.stringMatching(UUID),
			alertId: 'alert-1',
			correlationID: expect.stringMatching(OBJECT_ID),
		});
		const debug = await api('GET', `/alerting/debug/${created.body.messageId}`);
		expect(debug.status).toBe(200);
		expect(debug.body).toEqual({
			ticketId: null,
			createdAt: null,
			message: 'Alert is queued',
			messageId: created.body.messageId,
			status: 'pending',
			statusCode: null,
			errors: [],
		});
		expect((await api('GET', '/organization')).body.status).toBe('active');
	});

	it('debug follows the PSA outcome the admin surface reports', async () => {
		const first = (await api('POST', '/alerting/cust-001', { body: alert })).body.messageId;
		const second = (await api('POST', '/alerting/cust-002', { body: { ...alert, alertId: 'alert-2' } })).body.messageId;
		await admin('POST', `/alerts/${first}`, { status: 'success', ticketId: 'T-100' });
		await admin('POST', `/alerts/${second}`, { status: 'failed', errors: ['No board mapped'], statusCode: 422 });
		const succeeded = (await api('GET', `/alerting/debug/${first}`)).body;
		expect(succeeded).toMatchObject({ status: 'success', ticketId: 'T-100', message: 'Ticket created' });
		expect(Date.parse(succeeded.createdAt)).not.toBeNaN();
		expect((await api('GET', `/alerting/debug/${second}`)).body).toMatchObject({
			status: 'failed',
			message: 'Ticket creation failed',
			errors: ['No board mapped'],
			statusCode: 422,
		});
	});

	it('debug answers 404 to another partner and for unknown ids', async () => {
		const { messageId } = (await api('POST', '/alerting/cust-001', { body: alert })).body;
		expect((await api('GET', `/alerting/debug/${messageId}`, { token: FABRIKAM })).status).toBe(404);
		expect((await api('GET', '/alerting/debug/00000000-0000-4000-8000-000000000000')).status).toBe(404);
	});

	it('POST for an unknown account answers 404', async () => {
		const answer = await api('POST', '/alerting/cust-404', { body: alert });
		expect(answer.status).toBe(404);
		expect(answer.body.message).toBe('No account map found with id: cust-404');
	});

	it.each([
		['priority 5', { priority: 5 }, 'priority must not be greater than 4'],
		['priority 0', { priority: 0 }, 'priority must not be less than 1'],
		['a fractional priority', { priority: 1.5 }, 'priority must be an integer number'],
		['status 7', { status: 7 }, 'status must not be greater than 6'],
		['no title', { title: undefined }, 'title should not be empty'],
		['an unparseable dueDateTime', { dueDateTime: 'tomorrow' }, 'dueDateTime must be a valid ISO 8601 date string'],
	])('POST with %s answers 400', async (_case, change, message) => {
		const answer = await api('POST', '/alerting/cust-001', { body: { ...alert, ...change } });
		expect(answer.status).toBe(400);
		expect(answer.body.message).toContain(message);
		expect((await partnerState(NORTHWIND_ORG)).alerts).toEqual([]);
	});
});

describe('routing and bodies', () => {
	it('answers Nest-style 404 for unknown routes and methods', async () => {
		const unknown = await api('GET', '/organization/boards');
		expect(unknown.status).toBe(404);
		expect(unknown.body).toEqual({
			statusCode: 404,
			message: 'Cannot GET /api/vendor-api/organization/boards',
			error: 'Not Found',
		});
		expect((await api('DELETE', '/organization/accounts/cust-001')).body.message).toBe(
			'Cannot DELETE /api/vendor-api/organization/accounts/cust-001',
		);
	});

	it('answers 400 to malformed JSON', async () => {
		const answer = await api('POST', '/organization/accounts', { rawBody: '[{"id": "x",' });
		expect(answer.status).toBe(400);
		expect(answer.body.error).toBe('Bad Request');
	});

	it('serves paths with a trailing slash', async () => {
		expect((await api('GET', '/organization/')).status).toBe(200);
	});
});

describe('admin surface', () => {
	it('maps and unmaps everything with "*"', async () => {
		await admin('POST', '/map', { organizationId: NORTHWIND_ORG, accountIds: '*', serviceIds: '*' });
		let partner = await partnerState(NORTHWIND_ORG);
		expect(partner.accounts.every((account: Json) => account.isMapped && OBJECT_ID.test(account.mappingId))).toBe(true);
		expect(partner.mappedSkuIds).toHaveLength(3);
		expect((await setCount(SKU_M365, { accountId: 'cust-003', unitCount: 1 })).status).toBe(201);
		await admin('POST', '/map', {
			organizationId: NORTHWIND_ORG,
			accountIds: ['cust-001'],
			serviceIds: [SKU_SERVER],
			mapped: false,
		});
		partner = await partnerState(NORTHWIND_ORG);
		expect(partner.accounts[0]).toMatchObject({ id: 'cust-001', isMapped: false, mappingId: null });
		expect(partner.mappedSkuIds).not.toContain(SKU_SERVER);
	});

	it('refuses to map unknown ids, changing nothing', async () => {
		const answer = await admin('POST', '/map', { organizationId: NORTHWIND_ORG, accountIds: ['cust-003', 'cust-404'] });
		expect(answer.status).toBe(404);
		expect((await partnerState(NORTHWIND_ORG)).accounts[2].isMapped).toBe(false);
	});

	it('disconnect wipes accounts, services, mappings and counts, and sets inactive', async () => {
		await setCount(SKU_SERVER, { accountId: 'cust-001', unitCount: 3 });
		await api('POST', '/organization/services', { body: [{ id: 'svc-1', name: 'Seats', description: '' }] });
		expect((await admin('POST', '/disconnect', { organizationId: NORTHWIND_ORG })).status).toBe(200);
		const partner = await partnerState(NORTHWIND_ORG);
		expect(partner).toMatchObject({
			status: 'inactive',
			accounts: [],
			orgServices: [],
			mappedSkuIds: [],
			unitCounts: [],
		});
		expect((await api('GET', '/organization/accounts')).body).toEqual([]);
		expect((await partnerState(FABRIKAM_ORG)).mappedSkuIds).toHaveLength(3);
	});

	it('merges a seed atomically', async () => {
		const added = await admin('POST', '/seed', {
			vendors: [
				{
					apiKey: 'vendor-two-key',
					name: 'Vendor Two',
					partners: [{ apiKey: 'p-two', name: 'Two MSP', status: 'active' }],
				},
			],
		});
		expect(added.status).toBe(200);
		expect((await api('GET', '', { token: token('vendor-two-key', 'p-two') })).body.data.name).toBe('Vendor Two');
		const clash = await admin('POST', '/seed', {
			vendors: [
				{ apiKey: 'vendor-three-key', name: 'Vendor Three' },
				{ apiKey: VENDOR_KEY, partners: [{ apiKey: NORTHWIND_KEY, name: 'Duplicate' }] },
			],
		});
		expect(clash.status).toBe(409);
		expect((await admin('GET', '/state')).body.vendors.map((vendor: Json) => vendor.name)).toEqual([
			'Acme Backup',
			'Vendor Two',
		]);
	});

	it('reset restores the seed and clears journal, stats and configuration', async () => {
		// Configuring nothing answers the configuration as it stands.
		const startConfig = (await admin('POST', '/config', {})).body;
		await api('POST', '/organization/accounts', { body: [{ id: 'temp', name: 'Temp' }] });
		expect((await admin('POST', '/config', { latencyMs: 2000 })).body).toEqual({ ...startConfig, latencyMs: 2000 });
		await admin('POST', '/reset');
		expect((await admin('GET', '/journal')).body).toEqual([]);
		expect((await admin('GET', '/stats')).body).toEqual({
			requests: 0,
			byStatus: {},
			resets: 0,
			rateLimited: 0,
			maxConcurrent: 0,
		});
		expect((await admin('POST', '/config', {})).body).toEqual(startConfig);
		expect((await api('GET', '/organization/accounts')).body).toHaveLength(3);
	});

	it('reset can load another seed', async () => {
		await admin('POST', '/reset', {
			seed: { vendors: [{ apiKey: 'solo-key', name: 'Solo', partners: [{ apiKey: 'solo-p', name: 'Solo MSP' }] }] },
		});
		expect((await api('GET', '/organization')).status).toBe(401);
		const solo = await api('GET', '/organization', { token: token('solo-key', 'solo-p') });
		expect(solo.body).toMatchObject({
			name: 'Solo MSP',
			status: 'inactive',
			organizationId: expect.stringMatching(OBJECT_ID),
		});
	});

	it('journals each vendor API request without the token', async () => {
		await api('POST', '/organization/accounts?dryRun=1&tag=a&tag=b', { body: [{ id: 'j-1', name: 'J' }] });
		await api('GET', '/organization', { token: null });
		const journal = (await admin('GET', '/journal')).body;
		expect(journal).toEqual([
			{
				seq: 1,
				at: expect.any(String),
				method: 'POST',
				path: '/api/vendor-api/organization/accounts',
				query: { dryRun: '1', tag: ['a', 'b'] },
				tokenHeaderPresent: true,
				vendorId: VENDOR_ID,
				organizationId: NORTHWIND_ORG,
				body: [{ id: 'j-1', name: 'J' }],
				status: 201,
				reset: false,
				durationMs: expect.any(Number),
			},
			expect.objectContaining({ seq: 2, tokenHeaderPresent: false, vendorId: null, organizationId: null, status: 401 }),
		]);
		expect((await admin('DELETE', '/journal')).status).toBe(204);
		expect((await admin('GET', '/journal')).body).toEqual([]);
	});

	it('keeps only the newest journalLimit entries, none with 0', async () => {
		const limited = await startEmulator({ journalLimit: 2 });
		const silent = await startEmulator({ journalLimit: 0 });
		try {
			for (const path of ['', '/organization', '/organization/accounts']) {
				await api('GET', path, { base: limited });
				await api('GET', path, { base: silent });
			}
			expect((await admin('GET', '/journal', undefined, limited)).body.map((entry: Json) => entry.seq)).toEqual([2, 3]);
			expect((await admin('GET', '/journal', undefined, silent)).body).toEqual([]);
			expect((await admin('GET', '/stats', undefined, silent)).body.requests).toBe(3);
		} finally {
			await Promise.all([limited.close(), silent.close()]);
		}
	});

	it('counts requests by status and the most in flight at once', async () => {
		// Long enough that the four requests overlap even on a loaded machine.
		await admin('POST', '/config', { latencyMs: 1000 });
		await Promise.all([
			api('GET', ''),
			api('GET', '/organization'),
			api('GET', '/nope'),
			api('GET', '', { token: null }),
		]);
		expect((await admin('GET', '/stats')).body).toEqual({
			requests: 4,
			byStatus: { 200: 2, 401: 1, 404: 1 },
			resets: 0,
			rateLimited: 0,
			maxConcurrent: 4,
		});
	});

	it('answers 400 to an invalid configuration and 404 to unknown admin routes', async () => {
		expect((await admin('POST', '/config', { faults: { resetRate: 2 } })).status).toBe(400);
		expect((await admin('POST', '/config', { rateLimit: { requestsPerSecond: 5, scope: 'ip' } })).status).toBe(400);
		expect((await admin('GET', '/nothing')).status).toBe(404);
	});

	it('is reachable through the returned emulator object too', async () => {
		running.emulator.configure({ latencyMs: 0 });
		expect(running.emulator.state().vendors[0].partners.map((partner: Json) => partner.name)).toEqual([
			'Northwind MSP',
			'Fabrikam IT',
		]);
	});
});

describe('latency and rate limit', () => {
	it('delays vendor API answers by latencyMs, not admin ones', async () => {
		const slow = await startEmulator({ latencyMs: 1500 });
		try {
			const startedAt = Date.now();
			let vendorAnswered = false;
			const vendor = api('GET', '/organization', { base: slow }).then((answer: { status: number }) => {
				vendorAnswered = true;
				return answer;
			});
			// Asked after the vendor request, answered before it: admin answers are not delayed.
			await admin('GET', '/stats', undefined, slow);
			expect(vendorAnswered).toBe(false);
			expect((await vendor).status).toBe(200);
			expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1490);
		} finally {
			await slow.close();
		}
	});

	it('answers 429 with Retry-After past the limit, per token by default', async () => {
		await admin('POST', '/config', { rateLimit: { requestsPerSecond: 3 } });
		const answers = await Promise.all([1, 2, 3, 4].map(() => api('GET', '/organization')));
		expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 429]);
		const limited = answers.find((answer) => answer.status === 429) as Answer;
		expect(limited.body).toEqual({
			statusCode: 429,
			message: 'Request limit reached (3 requests a second)',
			error: 'Too Many Requests',
		});
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect((await api('GET', '/organization', { token: FABRIKAM })).status).toBe(200);
		expect((await admin('GET', '/stats')).body.rateLimited).toBe(1);
	});

	it.each([
		['vendor', 429],
		['global', 429],
		['token', 200],
	])('scope %s decides whether another partner shares the window', async (scope, expected) => {
		await admin('POST', '/config', { rateLimit: { requestsPerSecond: 2, scope } });
		await api('GET', '/organization');
		await api('GET', '/organization');
		expect((await api('GET', '/organization', { token: FABRIKAM })).status).toBe(expected);
	});

	it('slides a one-second window that rejected requests do not enter', () => {
		const limit = createRateLimiter({ requestsPerSecond: 2 });
		expect(limit('k', 0).allowed).toBe(true);
		expect(limit('k', 100).allowed).toBe(true);
		expect(limit('k', 600)).toEqual({ allowed: false, retryAfterSeconds: 1 });
		expect(limit('other', 600).allowed).toBe(true);
		expect(limit('k', 1001).allowed).toBe(true);
		expect(limit('k', 1050).allowed).toBe(false);
		expect(limit('k', 1101).allowed).toBe(true);
	});
});

describe('fault injection', () => {
	const createAccount = (id: string, base?: RunningEmulator) =>
		api('POST', '/organization/accounts', { body: [{ id, name: id }], base });
	const accountIds = async () => (await api('GET', '/organization/accounts')).body.map((account: Json) => account.id);

	it('serverErrorRate answers 503 before doing anything', async () => {
		await admin('POST', '/config', { faults: { serverErrorRate: 1 } });
		const answer = await createAccount('f-503');
		expect(answer.status).toBe(503);
		expect(answer.body).toEqual({ statusCode: 503, message: 'Service Unavailable', error: 'Service Unavailable' });
		await admin('POST', '/config', { faults: {} });
		expect(await accountIds()).not.toContain('f-503');
	});

	it('resetRate drops the connection before doing anything', async () => {
		await admin('POST', '/config', { faults: { resetRate: 1 } });
		await expectConnectionReset(createAccount('f-reset'));
		await admin('POST', '/config', { faults: {} });
		expect(await accountIds()).not.toContain('f-reset');
		expect((await admin('GET', '/stats')).body.resets).toBe(1);
		expect((await admin('GET', '/journal')).body[0]).toMatchObject({ status: null, reset: true });
	});

	it('resetAfterWriteRate performs the effect, then drops the connection', async () => {
		await admin('POST', '/config', { faults: { resetAfterWriteRate: 1 } });
		await expectConnectionReset(createAccount('f-written'));
		await admin('POST', '/config', { faults: {} });
		expect(await accountIds()).toContain('f-written');
		expect((await admin('GET', '/journal')).body[0]).toMatchObject({ status: 201, reset: true });
	});

	it('slowRate delays answers by slowMs', async () => {
		await admin('POST', '/config', { faults: { slowRate: 1, slowMs: 120 } });
		const startedAt = Date.now();
		expect((await api('GET', '/organization')).status).toBe(200);
		expect(Date.now() - startedAt).toBeGreaterThanOrEqual(110);
		expect((await admin('GET', '/journal')).body[0].durationMs).toBeGreaterThanOrEqual(110);
	});

	it('burst429 forces a 429 with the given Retry-After on every nth request', async () => {
		await admin('POST', '/config', { faults: { burst429: { everyNthRequest: 3, retryAfterSeconds: 7 } } });
		const statuses: number[] = [];
		for (let index = 0; index < 6; index += 1) {
			const answer = await api('GET', '/organization');
			statuses.push(answer.status);
			if (answer.status === 429) expect(answer.headers.get('retry-after')).toBe('7');
		}
		expect(statuses).toEqual([200, 200, 429, 200, 200, 429]);
	});

	it('draws faults from a PRNG seeded by randomSeed', async () => {
		const statusesFor = async (randomSeed: number) => {
			const instance = await startEmulator({ randomSeed, faults: { serverErrorRate: 0.5 } });
			try {
				const statuses: number[] = [];
				for (let index = 0; index < 24; index += 1)
					statuses.push((await api('GET', '/organization', { base: instance })).status);
				return statuses;
			} finally {
				await instance.close();
			}
		};
		const first = await statusesFor(7);
		expect(await statusesFor(7)).toEqual(first);
		expect(first).toContain(503);
		expect(first).toContain(200);
		expect(await statusesFor(8)).not.toEqual(first);
	});

	it('reset restores the faults the emulator started with', async () => {
		const faulty = await startEmulator({ faults: { serverErrorRate: 1 } });
		try {
			await admin('POST', '/config', { faults: {} }, faulty);
			expect((await api('GET', '/organization', { base: faulty })).status).toBe(200);
			await admin('POST', '/reset', undefined, faulty);
			expect((await api('GET', '/organization', { base: faulty })).status).toBe(503);
		} finally {
			await faulty.close();
		}
	});
});

describe('lifecycle', () => {
	it('close() ends at once, even with a request in flight', async () => {
		const slow = await startEmulator({ latencyMs: 20000 });
		const pending = api('GET', '/organization', { base: slow });
		for (let attempt = 0; (await admin('GET', '/stats', undefined, slow)).body.requests === 0; attempt += 1) {
			expect(attempt).toBeLessThan(200);
		}
		await slow.close();
		// Answered, it would have waited out the 20 s latency: reset, close did not wait for it.
		await expectConnectionReset(pending);
	}, 10000);
});

describe('scripted queue', () => {
	it('answers matching requests in order, once each', async () => {
		await admin('POST', '/script', {
			entries: [
				{
					match: { method: 'post', pathPrefix: '/api/vendor-api/service/' },
					respond: { status: 502, body: { upstream: 'down' }, headers: { 'x-scripted': 'yes' } },
				},
				{
					match: { method: 'POST', pathPrefix: '/api/vendor-api/service/' },
					respond: { status: 429, headers: { 'Retry-After': '2' } },
				},
			],
		});
		expect((await api('GET', '/organization')).status).toBe(200);
		const first = await setCount(SKU_SERVER, { accountId: 'cust-001', unitCount: 1 });
		expect(first.status).toBe(502);
		expect(first.body).toEqual({ upstream: 'down' });
		expect(first.headers.get('x-scripted')).toBe('yes');
		const second = await setCount(SKU_SERVER, { accountId: 'cust-001', unitCount: 1 });
		expect(second.status).toBe(429);
		expect(second.headers.get('retry-after')).toBe('2');
		expect((await partnerState(NORTHWIND_ORG)).unitCounts).toEqual([]);
		expect((await setCount(SKU_SERVER, { accountId: 'cust-001', unitCount: 1 })).status).toBe(201);
	});

	it('scripts a reset and a reset after the write', async () => {
		await admin('POST', '/script', { entries: [{ respond: { reset: true } }, { respond: { resetAfterWrite: true } }] });
		await expectConnectionReset(setCount(SKU_SERVER, { accountId: 'cust-001', unitCount: 4 }));
		expect((await partnerState(NORTHWIND_ORG)).unitCounts).toEqual([]);
		await expectConnectionReset(setCount(SKU_SERVER, { accountId: 'cust-001', unitCount: 4 }));
		expect((await partnerState(NORTHWIND_ORG)).unitCounts).toEqual([
			expect.objectContaining({ unitCount: 4, writes: 1 }),
		]);
	});

	it('rejects malformed entries and forgets the queue on reset', async () => {
		expect((await admin('POST', '/script', { entries: [{ respond: { status: 'oops' } }] })).status).toBe(400);
		await admin('POST', '/script', { entries: [{ respond: { status: 500 } }] });
		await admin('POST', '/reset');
		expect((await api('GET', '/organization')).status).toBe(200);
	});
});
