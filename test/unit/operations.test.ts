// What each operation asks Gradient: method, path, query and body, for one item with fixed
// parameters. The transport, the router and the operation run for real; only n8n's HTTP
// helper is replaced by a recorder (the integration suites send the same through a server).
import type { IDataObject } from 'n8n-workflow';

import { Gradient } from '../../nodes/Gradient/Gradient.node';
import type { Answer } from './fakeExecution';
import { runWithoutServer } from './fakeExecution';

const locator = (value: string) => ({ __rl: true, mode: 'id', value });
const vendor = (skus: IDataObject[]) => ({ data: { id: 'v1', name: 'Acme', skus } });
const sku = { id: 'sku-1', name: 'Server Backup', description: 'One server', category: 'backup', subcategory: 'cloud backup' };
const definition = { name: 'Server Backup', description: 'One server', category: 'backup', subcategory: 'cloud backup' };

interface Case {
	parameters: IDataObject;
	answers?: Answer[];
	items?: IDataObject[];
	requests: IDataObject[];
}

const cases: Record<string, Case> = {
	'Vendor → Get': {
		parameters: { resource: 'vendor', operation: 'get' },
		answers: [{ body: vendor([]) }],
		requests: [{ method: 'GET', url: '/api/vendor-api' }],
	},
	'Vendor → Update': {
		parameters: { resource: 'vendor', operation: 'update', updateFields: { name: 'Acme Backup', integrationPortalUrl: 'https://portal.test' } },
		answers: [{ body: vendor([]) }],
		requests: [{ method: 'PATCH', url: '/api/vendor-api', body: { name: 'Acme Backup', integrationPortalUrl: 'https://portal.test' } }],
	},
	'Service → Create': {
		parameters: { resource: 'service', operation: 'create', ...definition, additionalFields: { supportContact: 'help@acme.test' } },
		answers: [{ statusCode: 201, body: { skus: [sku] } }],
		requests: [{ method: 'POST', url: '/api/vendor-api/service', body: { ...definition, supportContact: 'help@acme.test' } }],
	},
	'Service → Get': {
		parameters: { resource: 'service', operation: 'get', serviceId: locator('sku-1') },
		answers: [{ body: { data: { skus: [sku] } } }],
		requests: [{ method: 'GET', url: '/api/vendor-api/service/sku-1' }],
	},
	'Service → Get Many': {
		parameters: { resource: 'service', operation: 'getMany', returnAll: true },
		answers: [{ body: vendor([sku]) }],
		requests: [{ method: 'GET', url: '/api/vendor-api' }],
	},
	'Service → Update': {
		parameters: { resource: 'service', operation: 'update', serviceId: locator('sku-1'), updateFields: { description: 'Two servers' } },
		answers: [{}, { body: { data: { skus: [{ ...sku, description: 'Two servers' }] } } }],
		requests: [
			{ method: 'PATCH', url: '/api/vendor-api/service/sku-1', body: { description: 'Two servers' } },
			{ method: 'GET', url: '/api/vendor-api/service/sku-1' },
		],
	},
	'Service → Create or Update': {
		parameters: { resource: 'service', operation: 'upsert', ...definition, description: 'Two servers' },
		answers: [{ body: vendor([sku]) }, {}, { body: { data: { skus: [{ ...sku, description: 'Two servers' }] } } }],
		requests: [
			{ method: 'GET', url: '/api/vendor-api' },
			{ method: 'PATCH', url: '/api/vendor-api/service/sku-1', body: { description: 'Two servers' } },
			{ method: 'GET', url: '/api/vendor-api/service/sku-1' },
		],
	},
	'Partner → Get': {
		parameters: { resource: 'partner', operation: 'get' },
		requests: [{ method: 'GET', url: '/api/vendor-api/organization' }],
	},
	'Partner → Update Status': {
		parameters: { resource: 'partner', operation: 'updateStatus', status: 'active' },
		answers: [{ body: { data: { organizationId: 'o-1', status: 'active' } } }],
		requests: [{ method: 'PATCH', url: '/api/vendor-api/organization/status/active' }],
	},
	'Account → Create': {
		parameters: { resource: 'account', operation: 'create', accountId: 'cust-1', name: 'Contoso', additionalFields: { description: 'contoso.com' } },
		answers: [{ statusCode: 201, body: [{ id: 'cust-1', name: 'Contoso' }] }],
		requests: [{ method: 'POST', url: '/api/vendor-api/organization/accounts', body: [{ id: 'cust-1', name: 'Contoso', description: 'contoso.com' }] }],
	},
	'Account → Get Many': {
		parameters: { resource: 'account', operation: 'getMany', returnAll: true, filters: { accountIds: 'cust-1, cust-2', mappedOnly: true } },
		answers: [{ body: [] }],
		requests: [{ method: 'GET', url: '/api/vendor-api/organization/accounts', qs: { accountIds: ['cust-1', 'cust-2'], returnUnmapped: false } }],
	},
	'Account → Update': {
		parameters: { resource: 'account', operation: 'update', accountId: locator('cust-1'), updateFields: { name: 'Contoso Ltd' } },
		requests: [{ method: 'PATCH', url: '/api/vendor-api/organization/accounts/cust-1', body: { name: 'Contoso Ltd' } }],
	},
	'Account → Create or Update': {
		parameters: { resource: 'account', operation: 'upsert', accountId: 'cust-2', name: 'Fabrikam', additionalFields: {} },
		answers: [{ body: [{ id: 'cust-1', name: 'Contoso' }] }, { statusCode: 201, body: [{ id: 'cust-2', name: 'Fabrikam' }] }],
		requests: [
			{ method: 'GET', url: '/api/vendor-api/organization/accounts', qs: {} },
			{ method: 'POST', url: '/api/vendor-api/organization/accounts', body: [{ id: 'cust-2', name: 'Fabrikam' }] },
		],
	},
	'Partner Service → Create': {
		parameters: { resource: 'partnerService', operation: 'create', serviceId: 'backup-server', name: 'Backup', description: 'Daily server backup' },
		answers: [{ statusCode: 201, body: [{ id: 'backup-server', name: 'Backup' }] }],
		requests: [
			{ method: 'POST', url: '/api/vendor-api/organization/services', body: [{ id: 'backup-server', name: 'Backup', description: 'Daily server backup' }] },
		],
	},
	'Partner Service → Get Many': {
		parameters: { resource: 'partnerService', operation: 'getMany', returnAll: true },
		answers: [{ body: [] }],
		requests: [{ method: 'GET', url: '/api/vendor-api/organization/services', qs: {} }],
	},
	'Partner Service → Update': {
		parameters: { resource: 'partnerService', operation: 'update', serviceId: locator('backup-server'), updateFields: { description: 'Daily' } },
		requests: [{ method: 'PATCH', url: '/api/vendor-api/organization/services/backup-server', body: { description: 'Daily' } }],
	},
	'Client → Get Many': {
		parameters: { resource: 'client', operation: 'getMany', returnAll: true, filters: { search: 'Contoso' } },
		answers: [{ body: { clients: [] } }],
		requests: [{ method: 'GET', url: '/api/vendor-api/organization/clients', qs: { search: 'Contoso', previousId: undefined } }],
	},
	'Usage → Set Unit Count': {
		parameters: { resource: 'usage', operation: 'set', serviceId: locator('sku-1'), accountId: locator('cust-1'), unitCount: '={{ $json.count }}' },
		items: [{ count: 3 }, { count: 4.5 }],
		answers: [{ statusCode: 201 }, { statusCode: 201 }],
		requests: [
			{ method: 'POST', url: '/api/vendor-api/service/sku-1/count', qs: { no_build: true }, body: { accountId: 'cust-1', unitCount: 3 } },
			{ method: 'POST', url: '/api/vendor-api/service/sku-1/count', qs: {}, body: { accountId: 'cust-1', unitCount: 4.5 } },
		],
	},
	'Usage → Sync': {
		parameters: { resource: 'usage', operation: 'sync', accountId: 'cust-2', accountName: 'Fabrikam', service: 'Server Backup', unitCount: 7 },
		answers: [{ body: vendor([sku]) }, { body: [] }, { statusCode: 201, body: [{ id: 'cust-2', name: 'Fabrikam' }] }, { statusCode: 201 }],
		requests: [
			{ method: 'GET', url: '/api/vendor-api' },
			{ method: 'GET', url: '/api/vendor-api/organization/accounts', qs: {} },
			{ method: 'POST', url: '/api/vendor-api/organization/accounts', body: [{ id: 'cust-2', name: 'Fabrikam' }] },
			{ method: 'POST', url: '/api/vendor-api/service/sku-1/count', qs: {}, body: { accountId: 'cust-2', unitCount: 7 } },
		],
	},
	'Alert → Create': {
		parameters: {
			resource: 'alert',
			operation: 'create',
			accountId: locator('cust-1'),
			title: 'Backup failed',
			description: 'SRV-01 missed its backup',
			alertId: 'evt-1',
			priority: 3,
			status: 1,
			additionalFields: { dueDateTime: '2026-12-06T08:00:00Z', serviceId: 'sku-1' },
		},
		answers: [{ statusCode: 201, body: { messageId: 'm-1' } }],
		requests: [
			{
				method: 'POST',
				url: '/api/vendor-api/alerting/cust-1',
				body: {
					title: 'Backup failed',
					description: 'SRV-01 missed its backup',
					alertId: 'evt-1',
					priority: 3,
					status: 1,
					dueDateTime: '2026-12-06T08:00:00.000Z',
					serviceId: 'sku-1',
				},
			},
		],
	},
	'Alert → Get Status': {
		parameters: { resource: 'alert', operation: 'getStatus', messageId: 'm-1' },
		answers: [{ body: { status: 'pending' } }],
		requests: [{ method: 'GET', url: '/api/vendor-api/alerting/debug/m-1' }],
	},
};

describe('the request each operation sends', () => {
	it.each(Object.entries(cases))('%s', async (_name, { parameters, answers, items, requests }) => {
		const { output, sent } = await runWithoutServer(parameters, { answers, items });
		expect(sent.map(({ method, url, qs, body }) => ({ method, url, qs, body }))).toEqual(requests);
		expect(sent.every((options) => options.baseURL === 'https://gradient.test')).toBe(true);
		expect(output.every((item) => !('error' in item.json))).toBe(true);
	});

	it('covers every operation of the node', () => {
		const operations = (new Gradient().description.properties as unknown as IDataObject[])
			.filter((property) => property.name === 'operation')
			.flatMap((property) => {
				const [resource] = (property.displayOptions as { show: { resource: string[] } }).show.resource;
				return (property.options as IDataObject[]).map((option) => `${resource}/${String(option.value)}`);
			});
		const covered = Object.values(cases).map(({ parameters }) => `${String(parameters.resource)}/${String(parameters.operation)}`);
		expect(covered.sort()).toEqual(operations.sort());
	});
});
