import { NodeOperationError } from 'n8n-workflow';

import {
	optionalDateTime,
	requireId,
	requireIntegerInRange,
	requireOneOf,
	requireUnitCount,
} from '../../nodes/Gradient/shared/validation';
import { gradientNode } from './fixtures';

const node = gradientNode;
const unitCount = { label: 'Unit Count', name: 'unitCount' };
const accountId = { label: 'Account ID', name: 'accountId' };

function errorOf(check: () => unknown): NodeOperationError {
	try {
		check();
	} catch (error) {
		return error as NodeOperationError;
	}
	throw new Error('expected the check to throw');
}

describe('unit counts', () => {
	it.each([0, 1, 12.5, '7', ' 3 ', 1e6])('accepts %p', (value) => {
		expect(requireUnitCount(node, 0, unitCount, value)).toBe(Number(value));
	});

	it.each([-1, NaN, Infinity, 'ten', '', '   ', null, undefined, true, {}, []])('rejects %p', (value) => {
		const error = errorOf(() => requireUnitCount(node, 4, unitCount, value));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/^\[item 4\] Unit Count \(unitCount\) must be a number of 0 or more, got /);
		expect(error.context.itemIndex).toBe(4);
	});
});

describe('ids', () => {
	it('trims text and turns whole numbers into their decimal text', () => {
		expect(requireId(node, 0, accountId, ' cust-1 ')).toBe('cust-1');
		expect(requireId(node, 0, accountId, 42)).toBe('42');
	});

	it.each(['', '  ', null, undefined, 1.5, {}, false])('rejects %p naming item and field', (value) => {
		expect(errorOf(() => requireId(node, 2, accountId, value)).message).toMatch(
			/^\[item 2\] Account ID \(accountId\) must be a non-empty ID, got /,
		);
	});
});

describe('choices and ranges', () => {
	it('accepts only the listed values, case-sensitive', () => {
		expect(requireOneOf(node, 0, { label: 'Status', name: 'status' }, 'pending', ['inactive', 'pending', 'active'])).toBe(
			'pending',
		);
		expect(
			errorOf(() => requireOneOf(node, 1, { label: 'Status', name: 'status' }, 'Active', ['inactive', 'pending', 'active']))
				.message,
		).toBe('[item 1] Status (status) must be one of "inactive", "pending", "active", got "Active"');
	});

	it('checks alert priority 1-4 as whole numbers', () => {
		const priority = { label: 'Priority', name: 'priority' };
		expect(requireIntegerInRange(node, 0, priority, 4, 1, 4)).toBe(4);
		expect(requireIntegerInRange(node, 0, priority, '2', 1, 4)).toBe(2);
		for (const value of [0, 5, 2.5, 'high']) {
			expect(errorOf(() => requireIntegerInRange(node, 0, priority, value, 1, 4)).message).toContain(
				'must be a whole number from 1 to 4',
			);
		}
	});

	it('normalises dates to ISO and rejects what is not a date', () => {
		const due = { label: 'Due Date Time', name: 'additionalFields.dueDateTime' };
		expect(optionalDateTime(node, 0, due, '2026-12-01T10:00:00Z')).toBe('2026-12-01T10:00:00.000Z');
		expect(optionalDateTime(node, 0, due, '')).toBeUndefined();
		expect(errorOf(() => optionalDateTime(node, 3, due, 'next tuesday')).message).toContain('[item 3] Due Date Time');
	});
});
