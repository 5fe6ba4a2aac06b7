import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { Gradient } from '../../nodes/Gradient/Gradient.node';
import { ItemParameters, fieldPathOf } from '../../nodes/Gradient/shared/itemParameters';

describe('fieldPathOf', () => {
	it.each([
		['={{ $json.count }}', ['count']],
		['={{$json.count}}', ['count']],
		['={{ $json.usage.seats }}', ['usage', 'seats']],
		['={{ $json["unit count"] }}', ['unit count']],
		["={{ $json['Customer ID'].value }}", ['Customer ID', 'value']],
		['={{ $json.$id_2 }}', ['$id_2']],
	])('%s is a reference to %j', (expression, path) => {
		expect(fieldPathOf(expression)).toEqual(path);
	});

	it.each([
		{ value: '{{ $json.count }}', why: 'fixed text, not an expression' },
		{ value: '={{ $json.count }} units', why: 'a template with text around it' },
		{ value: '={{ $json.count }}{{ $json.unit }}', why: 'two expressions' },
		{ value: '={{ $json.count + 1 }}', why: 'arithmetic' },
		{ value: '={{ ($json.count) }}', why: 'parentheses' },
		{ value: '={{ $json.name.trim() }}', why: 'a call' },
		{ value: '={{ $json.rows[0] }}', why: 'an index' },
		{ value: '={{ $json }}', why: 'the whole item' },
		{ value: "={{ $('Read Sheet').item.json.count }}", why: 'another node' },
		{ value: '={{ $json.constructor }}', why: 'a key n8n guards' },
		{ value: '={{ $json["__proto__"] }}', why: 'a key n8n guards' },
		{ value: "={{ $fromAI('count') }}", why: "an AI agent's argument" },
		{ value: 42, why: 'a number' },
	])('$value is left to n8n ($why)', ({ value }) => {
		expect(fieldPathOf(value)).toBeNull();
	});
});

/**
 * Stands in for n8n's context as far as the reader uses it: the raw node parameters, the input
 * items, and getNodeParameter, which records that n8n was asked.
 */
function contextOf(parameters: IDataObject, items: IDataObject[]) {
	const askedN8n: unknown[][] = [];
	const context = {
		getNode: () => ({ parameters }),
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter: (...args: unknown[]) => {
			askedN8n.push(args);
			return 'resolved by n8n';
		},
	} as unknown as IExecuteFunctions;
	return { parameters: new ItemParameters(context), askedN8n };
}

describe('ItemParameters', () => {
	const locator = (value: string) => ({ __rl: true, mode: 'id', value });

	it("reads a field reference from the item's own JSON, without n8n's expression engine", () => {
		const { parameters, askedN8n } = contextOf(
			{ unitCount: '={{ $json.usage.seats }}', accountId: locator('={{ $json["Customer ID"] }}'), options: { partnerApiKey: '={{ $json.key }}' } },
			[
				{ usage: { seats: 12 }, 'Customer ID': 'cust-1', key: 'k-1' },
				{ usage: { seats: '7' }, 'Customer ID': 1042, key: null },
			],
		);
		expect([0, 1].map((item) => parameters.read(item, 'unitCount'))).toEqual([12, '7']);
		expect([0, 1].map((item) => parameters.read(item, 'accountId'))).toEqual(['cust-1', 1042]);
		expect([0, 1].map((item) => parameters.read(item, 'options.partnerApiKey'))).toEqual(['k-1', null]);
		expect(askedN8n).toEqual([]);
	});

	it('asks n8n for anything else: other expressions, fixed values, missing fields, objects and lists', () => {
		const { parameters, askedN8n } = contextOf(
			{ unitCount: '={{ $json.count }}', accountId: locator('={{ $json.account.trim() }}'), service: 'backup-server' },
			[{ count: { value: 3 } }, { count: [3] }, {}, { count: 3 }],
		);
		expect([0, 1, 2, 3].map((item) => parameters.read(item, 'unitCount'))).toEqual([
			'resolved by n8n',
			'resolved by n8n',
			'resolved by n8n',
			3,
		]);
		expect(parameters.read(0, 'accountId')).toBe('resolved by n8n');
		expect(parameters.read(0, 'service')).toBe('resolved by n8n');
		expect(askedN8n).toEqual([
			['unitCount', 0, undefined, undefined],
			['unitCount', 1, undefined, undefined],
			['unitCount', 2, undefined, undefined],
			['accountId', 0, undefined, { extractValue: true }],
			['service', 0, undefined, undefined],
		]);
	});

	it('does not follow a path through inherited or non-object values', () => {
		const { parameters, askedN8n } = contextOf({ unitCount: '={{ $json.name.length }}' }, [{ name: 'four' }]);
		expect(parameters.read(0, 'unitCount')).toBe('resolved by n8n');
		expect(askedN8n).toHaveLength(1);
	});

	it('asks n8n once per run for a parameter without any expression, whatever the item', () => {
		const { parameters, askedN8n } = contextOf(
			{ options: { concurrency: 5, maxAttempts: '={{ 1 + 1 }}' }, updateFields: { name: 'fixed', description: '={{ $json.text }}' } },
			[{}, {}, {}],
		);
		for (const item of [0, 1, 2]) {
			parameters.read(item, 'options.concurrency');
			parameters.read(item, 'options.maxAttempts');
			parameters.read(item, 'updateFields', {});
		}
		expect(askedN8n).toEqual([
			['options.concurrency', 0, undefined, undefined],
			['options.maxAttempts', 0, undefined, undefined],
			['updateFields', 0, {}, undefined],
			['options.maxAttempts', 1, undefined, undefined],
			['updateFields', 1, {}, undefined],
			['options.maxAttempts', 2, undefined, undefined],
			['updateFields', 2, {}, undefined],
		]);
	});

	it('tells an option that is absent from one that is set', () => {
		const { parameters } = contextOf({ options: { partnerApiKey: '' } }, [{}]);
		expect(parameters.has('options.partnerApiKey')).toBe(true);
		expect(parameters.has('options.concurrency')).toBe(false);
	});
});

describe('the node description', () => {
	/** Everything under the properties that could carry an extractValue, at any depth. */
	function extractValueSettings(value: unknown, path: string): string[] {
		if (value === null || typeof value !== 'object') return [];
		return Object.entries(value).flatMap(([key, inner]) =>
			key === 'extractValue' ? [`${path}.${key}`] : extractValueSettings(inner, `${path}.${key}`),
		);
	}

	it('has no parameter or locator mode that extracts its value with a pattern, which the reader would skip', () => {
		const properties: INodeProperties[] = new Gradient().description.properties;
		expect(extractValueSettings(properties, 'properties')).toEqual([]);
	});
});
