import type { MappableRecord } from '../../nodes/Gradient/api/models';
import { bulksOf, changedRecordFields } from '../../nodes/Gradient/api/records';
import { changedServiceFields } from '../../nodes/Gradient/api/services';
import { BULK_CREATE_MAX_BYTES, RECORDS_PER_BULK_CREATE } from '../../nodes/Gradient/tuning';

describe('bulk creates', () => {
	const records = (count: number, description = '') =>
		Array.from({ length: count }, (_, index) => ({ id: `cust-${index}`, name: `Customer ${index}`, description }));

	it(`holds at most ${RECORDS_PER_BULK_CREATE} records, in order`, () => {
		const bulks = bulksOf(records(1201));
		expect(bulks.map((bulk) => bulk.length)).toEqual([500, 500, 201]);
		expect(bulks.flat().map((record) => record.id)).toEqual(records(1201).map((record) => record.id));
	});

	it(`ends a bulk before its JSON passes ${BULK_CREATE_MAX_BYTES} bytes`, () => {
		const bulks = bulksOf(records(60, 'x'.repeat(4000)));
		expect(bulks.length).toBeGreaterThan(1);
		for (const bulk of bulks) expect(Buffer.byteLength(JSON.stringify(bulk))).toBeLessThanOrEqual(BULK_CREATE_MAX_BYTES);
		expect(bulks.flat()).toHaveLength(60);
	});

	it('sends a record bigger than the limit alone rather than not at all', () => {
		const bulks = bulksOf([...records(1), { id: 'big', name: 'Big', description: 'x'.repeat(BULK_CREATE_MAX_BYTES) }, ...records(1)]);
		expect(bulks.map((bulk) => bulk.map((record) => record.id))).toEqual([['cust-0'], ['big'], ['cust-0']]);
	});
});

describe('what an update changes', () => {
	const existing: MappableRecord = { id: 'cust-1', name: 'Contoso', description: 'contoso.com' };

	it('names a record’s changed fields only; a description left out stays as it is', () => {
		expect(changedRecordFields(existing, { id: 'cust-1', name: 'Contoso' })).toEqual({});
		expect(changedRecordFields(existing, { id: 'cust-1', name: 'Contoso Ltd', description: 'contoso.com' })).toEqual({ name: 'Contoso Ltd' });
		expect(changedRecordFields({ id: 'cust-1', name: 'Contoso' }, { id: 'cust-1', name: 'Contoso', description: '' })).toEqual({});
		expect(changedRecordFields(existing, { id: 'cust-1', name: 'Contoso', description: '' })).toEqual({ description: '' });
	});

	it('names a service’s changed fields only', () => {
		const service = { id: 'sku-1', name: 'Backup', description: 'One server', category: 'backup', subcategory: 'cloud backup' };
		const wanted = { name: 'Backup', description: 'Two servers', category: 'backup', subcategory: 'cloud backup', supportArticle: undefined };
		expect(changedServiceFields(service, wanted)).toEqual({ description: 'Two servers' });
	});
});
