import { PartnerMemory, pairKey, parseMemory, partnerMemoryId } from '../../nodes/Gradient/actions/usage/memory';
import { MEMORY_FORGET_AFTER_DAYS } from '../../nodes/Gradient/tuning';

const DAY = 24 * 60;
const NOW = 29_000_000;

function memoryOf(pairs: Record<string, Record<string, [number, number]>>, trusted = true) {
	return new PartnerMemory('p', { generation: 'g', touchedAtMinute: NOW, pairs }, trusted, NOW);
}

describe('the usage memory', () => {
	it('names a partner by a digest that holds neither key, and differs per vendor and per partner key', () => {
		const id = partnerMemoryId('vendor-secret', 'partner-secret');
		expect(id).toMatch(/^[0-9a-f]{32}$/);
		expect(id).not.toContain('secret');
		expect(partnerMemoryId('vendor-secret', 'partner-secret')).toBe(id);
		expect(partnerMemoryId('other-vendor', 'partner-secret')).not.toBe(id);
		expect(partnerMemoryId('vendor-secret', 'regenerated')).not.toBe(id);
	});

	it.each([[undefined], [42], ['not json'], ['{"format":2,"partners":{}}'], ['null']])('reads %p as an empty memory', (stored) => {
		expect(parseMemory(stored)).toEqual({ format: 1, partners: {} });
	});

	it('holds a count only when it is the same, set within the days given, and the memory is trusted', () => {
		const pairs: Record<string, Record<string, [number, number]>> = { sku: { a: [5, NOW - 2 * DAY], b: [2.5, NOW - 8 * DAY] } };
		const memory = memoryOf(pairs);
		expect(memory.holds('sku', 'a', 5, 7)).toBe(true);
		expect(memory.holds('sku', 'a', 6, 7)).toBe(false);
		expect(memory.holds('sku', 'b', 2.5, 7)).toBe(false);
		expect(memory.holds('sku', 'b', 2.5, 30)).toBe(true);
		expect(memory.holds('sku', 'c', 0, 7)).toBe(false);
		expect(memoryOf(pairs, false).holds('sku', 'a', 5, 7)).toBe(false);
		expect(memory.recall('sku', 'a')).toEqual({ unitCount: 5, setAt: new Date((NOW - 2 * DAY) * 60_000) });
	});

	it('lists the pairs the run does not name', () => {
		const memory = memoryOf({ sku: { a: [5, NOW], b: [0, NOW] }, other: { a: [1, NOW] } });
		expect(memory.missingFrom(new Set([pairKey('sku', 'a')])).map(({ serviceId, accountId }) => `${serviceId}/${accountId}`)).toEqual(['sku/b', 'other/a']);
	});

	it('learns what Gradient took, forgets what it did not, and pairs not set for a long time', () => {
		const memory = memoryOf({ sku: { a: [5, NOW - 1], old: [1, NOW - (MEMORY_FORGET_AFTER_DAYS + 1) * DAY] } });
		memory.accepted('sku', 'b', 3);
		memory.notAccepted('sku', 'a');
		const record = memory.toRecord();
		expect(record.pairs).toEqual({ sku: { b: [3, NOW] } });
		expect(record.generation).not.toBe('g');
		expect(record.touchedAtMinute).toBe(NOW);
		// What the run recalls stays what the memory held when it began.
		expect(memory.recall('sku', 'a')?.unitCount).toBe(5);
	});
});
