// The emulator's `readings` switches (test/emulator/readings.mjs): each plays one alternative to a
// reading Gradient does not confirm (docs/gradient-api.md §9, U1–U7). Each test talks HTTP to a
// real emulator; the default of every switch is checked beside its alternatives, so a switch that
// changed nothing, or changed the default, fails here.
interface CliProcess {
	startCli(flags: string[]): Promise<{ url: string; stop(): Promise<void> }>;
	runCliToExit(flags: string[]): Promise<{ exitCode: number; stderr: string }>;
}

// A variable specifier keeps tsc from looking for a declaration file of the plain-ESM emulator.
const serverModulePath = './server.mjs';

// Responses are JSON of many shapes, as JSON.parse gives them; the assertions pin them down.
type Json = ReturnType<typeof JSON.parse>;

interface RunningEmulator {
	url: string;
	close(): Promise<void>;
	emulator: { configure(config: Json): Json; reset(body?: Json): Json };
}
type StartEmulator = (options?: Record<string, unknown>) => Promise<RunningEmulator>;

interface Answer {
	status: number;
	body: Json;
}

let startEmulator: StartEmulator;
let running: RunningEmulator;

// Keys and ids of seed.default.json.
const VENDOR_KEY = 'demo-vendor-key';
const NORTHWIND_ORG = '6470c0de0000000000000101';
const SKU_SERVER = '6480c0de00000000000000a1';
const token = (vendorKey: string, partnerKey: string) => btoa(`${vendorKey}:${partnerKey}`);
const NORTHWIND = token(VENDOR_KEY, 'demo-partner-key-1');
const FABRIKAM = token(VENDOR_KEY, 'demo-partner-key-2');
const UNKNOWN_VENDOR = token('no-such-vendor', 'demo-partner-key-1');

const DEFAULT_READINGS = {
	patchService: 'applies',
	partnerServiceCountId: 'id',
	mappingFields: 'isMappedAndMappingId',
	returnUnmappedFilter: 'applies',
	idsFilter: 'applies',
	clientElements: 'objects',
	partnerServiceList: 'served',
	partnerServiceDescription: 'mayBeEmpty',
	unknownVendorKey: 'unauthorized',
};

const OBJECT_ID = /^[0-9a-f]{24}$/;

async function call(
	base: RunningEmulator,
	method: string,
	path: string,
	body?: unknown,
	tokenValue: string | null = NORTHWIND,
): Promise<Answer> {
	const headers: Record<string, string> = { accept: 'application/json' };
	if (tokenValue !== null) headers['GRADIENT-TOKEN'] = tokenValue;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(`${base.url}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

const api = (method: string, path: string, body?: unknown, tokenValue?: string | null) =>
	call(running, method, `/api/vendor-api${path}`, body, tokenValue);
const admin = (method: string, path: string, body?: unknown, base: RunningEmulator = running) =>
	call(base, method, `/__emulator${path}`, body, null);
const useReadings = async (readings: Json) => {
	const answer = await admin('POST', '/config', { readings });
	expect(answer.status).toBe(200);
	return answer.body.readings;
};

async function northwind(): Promise<Json> {
	const { body } = await admin('GET', '/state');
	return body.vendors[0].partners.find((partner: Json) => partner.organizationId === NORTHWIND_ORG);
}

beforeAll(async () => {
	({ startEmulator } = await import(serverModulePath));
	running = await startEmulator();
});

afterAll(() => running.close());

beforeEach(async () => {
	expect((await admin('POST', '/reset')).status).toBe(200);
});

describe('the readings option', () => {
	it('defaults every switch to the project\'s own reading', async () => {
		expect(await useReadings({})).toEqual(DEFAULT_READINGS);
	});

	it('replaces the whole set: switches left out return to their default', async () => {
		await useReadings({ patchService: 'ignored', clientElements: 'idStrings' });
		expect(await useReadings({ clientElements: 'nameStrings' })).toEqual({
			...DEFAULT_READINGS,
			clientElements: 'nameStrings',
		});
	});

	it.each([
		['an unknown switch', { nope: 'x' }, 'property readings.nope should not exist'],
		[
			'an unknown value',
			{ patchService: 'maybe' },
			'readings.patchService must be one of the following values: applies, ignored, unrouted',
		],
		['a value that is not text', { partnerServiceList: false }, 'readings.partnerServiceList must be a string'],
		['a list instead of an object', ['patchService'], 'readings must be an object'],
	])('answers 400 to %s, keeping the readings in force', async (_case, readings, message) => {
		await useReadings({ patchService: 'unrouted' });
		const answer = await admin('POST', '/config', { readings });
		expect(answer.status).toBe(400);
		expect(answer.body.message).toContain(message);
		expect((await api('PATCH', `/service/${SKU_SERVER}`, { name: 'x' })).status).toBe(404);
	});

	it('refuses a bad start option', async () => {
		await expect(startEmulator({ readings: { unknownVendorKey: '404' } })).rejects.toThrow(
			'readings.unknownVendorKey must be one of the following values: unauthorized, vendorProfileNotFound',
		);
	});

	it('is set through the module API too', async () => {
		expect(running.emulator.configure({ readings: { idsFilter: 'ignored' } }).readings.idsFilter).toBe('ignored');
		expect((await api('GET', '/organization/accounts?accountIds=cust-001')).body).toHaveLength(3);
	});

	it('reset restores the readings the emulator started with', async () => {
		const started = await startEmulator({ readings: { patchService: 'unrouted' } });
		try {
			const patch = () => call(started, 'PATCH', `/api/vendor-api/service/${SKU_SERVER}`, { name: 'x' });
			expect((await patch()).status).toBe(404);
			await admin('POST', '/config', { readings: {} }, started);
			expect((await patch()).status).toBe(200);
			await admin('POST', '/reset', undefined, started);
			expect((await patch()).status).toBe(404);
		} finally {
			await started.close();
		}
	});

	it('reset returns the default emulator to the default readings', async () => {
		await useReadings({ partnerServiceList: 'unrouted' });
		await admin('POST', '/reset');
		expect((await api('GET', '/organization/services')).status).toBe(200);
	});

	it('is set from the command line with --reading name=value', async () => {
		const { startCli } = (await import('./cliProcess.mjs' as string)) as CliProcess;
		const cli = await startCli(['--port', '0', '--reading', 'patchService=unrouted', '--reading', 'clientElements=idStrings']);
		try {
			const base = { url: cli.url } as RunningEmulator;
			expect((await call(base, 'PATCH', `/api/vendor-api/service/${SKU_SERVER}`, { name: 'x' })).status).toBe(404);
			const clients = await call(base, 'GET', '/api/vendor-api/organization/clients', undefined, FABRIKAM);
			expect(typeof clients.body.clients[0]).toBe('string');
		} finally {
			await cli.stop();
		}
	});

	it('the command line refuses an unknown reading', async () => {
		const { runCliToExit } = (await import('./cliProcess.mjs' as string)) as CliProcess;
		const { exitCode, stderr } = await runCliToExit(['--port', '0', '--reading', 'patchService=never']);
		expect(exitCode).toBe(2);
		expect(stderr).toContain('readings.patchService must be one of the following values');
	});
});

describe('patchService (U1: PATCH /service/{id})', () => {
	const serviceName = async () =>
		(await api('GET', `/service/${SKU_SERVER}`)).body.data.skus[0].name as string;

	it('applies: changes the sku and validates the body', async () => {
		const answer = await api('PATCH', `/service/${SKU_SERVER}`, { name: 'Server Backup' });
		expect(answer.status).toBe(200);
		expect(await serviceName()).toBe('Server Backup');
		expect((await api('PATCH', `/service/${SKU_SERVER}`, { category: 'storage' })).status).toBe(400);
	});

	it('ignored: answers 200 as before but changes nothing, whatever the body', async () => {
		await useReadings({ patchService: 'ignored' });
		const answer = await api('PATCH', `/service/${SKU_SERVER}`, { name: 'Server Backup' });
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ status: 200, message: 'Success - Updated Vendor Service' });
		expect(answer.body.data.skus.find((sku: Json) => sku.id === SKU_SERVER).name).toBe('Cloud Backup - Server');
		expect(await serviceName()).toBe('Cloud Backup - Server');
		expect((await api('PATCH', `/service/${SKU_SERVER}`, { category: 'storage' })).status).toBe(200);
		expect((await api('PATCH', '/service/000000000000000000000000', { name: 'x' })).status).toBe(404);
	});

	it('unrouted: answers Nest\'s 404 for an unknown route, before the token is even read', async () => {
		await useReadings({ patchService: 'unrouted' });
		for (const tokenValue of [NORTHWIND, null]) {
			const answer = await api('PATCH', `/service/${SKU_SERVER}`, { name: 'Server Backup' }, tokenValue);
			expect(answer).toEqual({
				status: 404,
				body: { statusCode: 404, message: `Cannot PATCH /api/vendor-api/service/${SKU_SERVER}`, error: 'Not Found' },
			});
		}
		expect(await serviceName()).toBe('Cloud Backup - Server');
		expect((await api('GET', `/service/${SKU_SERVER}`)).status).toBe(200);
	});
});

describe('partnerServiceCountId (U2: the count serviceId of a partner service)', () => {
	const count = (serviceId: string) =>
		api('POST', `/service/${encodeURIComponent(serviceId)}/count`, { accountId: 'cust-001', unitCount: 3 });

	async function mappedPartnerService() {
		await api('POST', '/organization/services', [{ id: 'svc-a', name: 'Seats', description: '' }]);
		await admin('POST', '/map', { organizationId: NORTHWIND_ORG, serviceIds: ['svc-a'] });
		const [stored] = (await northwind()).orgServices;
		expect(stored._id).toMatch(OBJECT_ID);
		return stored._id as string;
	}

	it('id: takes the vendor-given id, not the _id, and lists no _id', async () => {
		const mongoId = await mappedPartnerService();
		expect((await count(mongoId)).status).toBe(404);
		expect((await count('svc-a')).status).toBe(201);
		expect((await northwind()).unitCounts[0].serviceId).toBe('svc-a');
		expect((await api('GET', '/organization/services')).body[0]).not.toHaveProperty('_id');
	});

	it('_id: lists the _id and takes only it; the vendor-given id is 404 like an unmapped service', async () => {
		await useReadings({ partnerServiceCountId: '_id' });
		const mongoId = await mappedPartnerService();
		expect((await api('GET', '/organization/services')).body).toEqual([
			{ _id: mongoId, id: 'svc-a', name: 'Seats', description: '', isMapped: true, mappingId: expect.stringMatching(OBJECT_ID) },
		]);
		const refused = await count('svc-a');
		expect(refused.status).toBe(404);
		expect(refused.body).toEqual({ statusCode: 404, message: 'No account map found with id: cust-001', error: 'Not Found' });
		expect((await count(mongoId)).status).toBe(201);
		expect((await northwind()).unitCounts).toEqual([expect.objectContaining({ serviceId: mongoId, unitCount: 3 })]);
		expect((await count(SKU_SERVER)).status).toBe(201);
	});
});

describe('mappingFields (U3: what lists and updates show of the mapping)', () => {
	const keysOf = (record: Json) => Object.keys(record).sort();

	it.each([
		['isMappedAndMappingId', ['description', 'id', 'isMapped', 'mappingId', 'name'], true],
		['mappingIdOnly', ['description', 'id', 'mappingId', 'name'], true],
		['isMappedOnly', ['description', 'id', 'isMapped', 'name'], false],
		['none', ['description', 'id', 'name'], false],
	])('%s', async (mappingFields, listedKeys, updateShowsMappingId) => {
		await useReadings({ mappingFields });
		await api('POST', '/organization/services', [{ id: 'svc-a', name: 'Seats', description: '' }]);
		const accounts = (await api('GET', '/organization/accounts')).body;
		expect(accounts.map(keysOf)).toEqual([listedKeys, listedKeys, listedKeys]);
		if (listedKeys.includes('mappingId')) expect(accounts[0].mappingId).toMatch(OBJECT_ID);
		expect((await api('GET', '/organization/services')).body.map(keysOf)).toEqual([listedKeys]);
		const updated = (await api('PATCH', '/organization/accounts/cust-001', { name: 'Contoso' })).body;
		expect('mappingId' in updated).toBe(updateShowsMappingId);
		const bulk = (await api('PATCH', '/organization/services', [{ id: 'svc-a', name: 'Seats 2' }])).body;
		expect('mappingId' in bulk[0]).toBe(updateShowsMappingId);
	});
});

describe('returnUnmappedFilter and idsFilter (U3: the list filters)', () => {
	const listedIds = async (query: string) =>
		(await api('GET', `/organization/accounts?${query}`)).body.map((account: Json) => account.id);

	it('applies: filter as asked, and refuse a malformed returnUnmapped', async () => {
		expect(await listedIds('returnUnmapped=false')).toEqual(['cust-001', 'cust-002']);
		expect(await listedIds('accountIds=cust-003')).toEqual(['cust-003']);
		expect((await api('GET', '/organization/accounts?returnUnmapped=no')).status).toBe(400);
	});

	it('returnUnmappedFilter ignored: returnUnmapped=false lists every account, unparsed', async () => {
		await useReadings({ returnUnmappedFilter: 'ignored' });
		expect(await listedIds('returnUnmapped=false')).toEqual(['cust-001', 'cust-002', 'cust-003']);
		expect((await api('GET', '/organization/accounts?returnUnmapped=no')).status).toBe(200);
		expect(await listedIds('accountIds=cust-003')).toEqual(['cust-003']);
	});

	it('idsFilter ignored: accountIds and serviceIds list everything', async () => {
		await useReadings({ idsFilter: 'ignored' });
		expect(await listedIds('accountIds=cust-003')).toEqual(['cust-001', 'cust-002', 'cust-003']);
		expect(await listedIds('accountIds=cust-003&returnUnmapped=false')).toEqual(['cust-001', 'cust-002']);
		await api('POST', '/organization/services', [
			{ id: 'svc-a', name: 'A', description: '' },
			{ id: 'svc-b', name: 'B', description: '' },
		]);
		expect((await api('GET', '/organization/services?serviceIds=svc-a')).body).toHaveLength(2);
	});
});

describe('clientElements (U4: the deprecated clients list)', () => {
	const page = async (query = '') => (await api('GET', `/organization/clients${query}`, undefined, FABRIKAM)).body;

	it('objects: { _id, id, name }, the last id the cursor', async () => {
		const first = await page();
		expect(first.clients[0]).toEqual({ _id: first.clients[0].id, id: first.clients[0].id, name: expect.any(String) });
		const second = await page(`?previousId=${first.clients[49].id}`);
		expect(second.clients[0].id > first.clients[49].id).toBe(true);
	});

	it('idStrings: plain id strings, still paged by the last of them', async () => {
		const objects = (await page()).clients.map((client: Json) => client.id);
		await useReadings({ clientElements: 'idStrings' });
		const first = await page();
		expect(first.clients).toEqual(objects);
		const second = await page(`?previousId=${first.clients[49]}`);
		expect(second.clients).toHaveLength(50);
		expect(second.clients[0] > first.clients[49]).toBe(true);
	});

	it('nameStrings: plain names, nothing a cursor could take', async () => {
		const objects = (await page()).clients;
		await useReadings({ clientElements: 'nameStrings' });
		const { clients } = await page();
		expect(clients).toEqual(objects.map((client: Json) => client.name));
		expect(clients.every((client: unknown) => typeof client === 'string')).toBe(true);
	});
});

describe('partnerServiceList (U5: GET /organization/services)', () => {
	it('served: lists the partner services', async () => {
		await api('POST', '/organization/services', [{ id: 'svc-a', name: 'Seats', description: '' }]);
		expect((await api('GET', '/organization/services')).body.map((service: Json) => service.id)).toEqual(['svc-a']);
	});

	it('unrouted: Nest\'s 404 for an unknown route, while the other partner-service routes stay', async () => {
		await useReadings({ partnerServiceList: 'unrouted' });
		const answer = await api('GET', '/organization/services?serviceIds=svc-a');
		expect(answer).toEqual({
			status: 404,
			body: { statusCode: 404, message: 'Cannot GET /api/vendor-api/organization/services?serviceIds=svc-a', error: 'Not Found' },
		});
		expect((await api('POST', '/organization/services', [{ id: 'svc-a', name: 'Seats', description: '' }])).status).toBe(201);
		expect((await api('PATCH', '/organization/services/svc-a', { name: 'Seats 2' })).status).toBe(200);
	});
});

describe('partnerServiceDescription (U6: creating a partner service)', () => {
	const create = (service: Json) => api('POST', '/organization/services', [{ id: 'svc-a', name: 'Seats', ...service }]);

	it('mayBeEmpty: must be sent, may be empty', async () => {
		expect((await create({ description: '' })).status).toBe(201);
		const missing = await create({});
		expect(missing.status).toBe(400);
		expect(missing.body.message).toEqual(['[0] description must be a string']);
	});

	it.each([
		['empty', { description: '' }, ['[0] description should not be empty']],
		['missing', {}, ['[0] description should not be empty', '[0] description must be a string']],
		['null', { description: null }, ['[0] description should not be empty', '[0] description must be a string']],
	])('notEmpty: %s answers 400 and creates nothing', async (_case, service, messages) => {
		await useReadings({ partnerServiceDescription: 'notEmpty' });
		const answer = await create(service);
		expect(answer).toEqual({ status: 400, body: { statusCode: 400, message: messages, error: 'Bad Request' } });
		expect((await northwind()).orgServices).toEqual([]);
	});

	it('notEmpty: a description is accepted', async () => {
		await useReadings({ partnerServiceDescription: 'notEmpty' });
		expect((await create({ description: 'per seat' })).status).toBe(201);
	});
});

describe('unknownVendorKey (U7: a vendor key Gradient does not know)', () => {
	const routes: Array<[string, string, unknown?]> = [
		['GET', ''],
		['POST', '/service', { name: 'x' }],
		['GET', '/organization'],
		['PATCH', '/organization/status/active'],
		['GET', '/organization/accounts'],
		['POST', `/service/${SKU_SERVER}/count`, { accountId: 'cust-001', unitCount: 1 }],
		['GET', '/alerting/debug/00000000-0000-4000-8000-000000000000'],
	];

	it('unauthorized: 401 like every bad token', async () => {
		for (const [method, path, body] of routes) {
			expect((await api(method, path, body, UNKNOWN_VENDOR)).status).toBe(401);
		}
	});

	it('vendorProfileNotFound: 404 "Vendor Profile Not Found" on every route', async () => {
		await useReadings({ unknownVendorKey: 'vendorProfileNotFound' });
		for (const [method, path, body] of routes) {
			expect(await api(method, path, body, UNKNOWN_VENDOR)).toEqual({
				status: 404,
				body: { statusCode: 404, message: 'Vendor Profile Not Found', error: 'Not Found' },
			});
		}
	});

	it.each([
		['a wrong partner key', token(VENDOR_KEY, 'no-such-partner')],
		['no token', null],
		['a token that is not base64', 'not base64!'],
	])('vendorProfileNotFound: %s is still 401', async (_case, tokenValue) => {
		await useReadings({ unknownVendorKey: 'vendorProfileNotFound' });
		expect((await api('GET', '/organization', undefined, tokenValue)).status).toBe(401);
	});
});
