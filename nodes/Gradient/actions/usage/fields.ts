import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { requireUnitCount } from '../../helpers/validation';
import type { ItemFailure } from '../types';

export const UNIT_COUNT_FIELD = { label: 'Unit Count', name: 'unitCount' };

export const unitCountProperty: INodeProperties = {
	displayName: 'Unit Count',
	name: 'unitCount',
	type: 'number',
	required: true,
	default: 0,
	typeOptions: { minValue: 0 },
	description:
		'How many units of the service the account uses now (users, devices, GB, ...). Gradient replaces the previous count; decimals are allowed.',
};

export function readUnitCount(context: IExecuteFunctions, itemIndex: number): number {
	return requireUnitCount(context, itemIndex, UNIT_COUNT_FIELD, context.getNodeParameter('unitCount', itemIndex));
}

/** Usage items keep their output shape even when the item's input was rejected. */
export function usageFailureJson(error: ItemFailure): IDataObject {
	const httpCode = error instanceof NodeApiError ? Number(error.httpCode) : NaN;
	return {
		result: 'failed',
		httpStatus: Number.isFinite(httpCode) ? httpCode : null,
		message: error.message,
		error: error.message,
	};
}
