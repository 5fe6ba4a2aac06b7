import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readIdParameter } from '../../helpers/parameters';
import { groupByPartner } from '../../helpers/partners';
import type { CountResult, UnitCount } from '../../helpers/unitCounts';
import { pushPartnerCounts } from '../../helpers/unitCounts';
import { accountLocator, optionsCollection, requestTuningOptions, serviceLocator } from '../common.descriptions';
import type { GradientOperation, ItemOutcome, ItemRequest } from '../types';
import { readOrNull, readRunTuning, readUnitCount, startUsageRun, unitCountProperty, usageFailureJson } from './fields';

export const description = updateDisplayOptions({ show: { resource: ['usage'], operation: ['set'] } }, [
	{
		displayName:
			'Send one item per account and service. Gradient answers "unmapped" until the MSP maps both in Synthesize; that is normal, keep sending.',
		name: 'usageNotice',
		type: 'notice',
		default: '',
	},
	serviceLocator(),
	accountLocator(),
	unitCountProperty,
	optionsCollection(requestTuningOptions),
]);

const SERVICE_FIELD = { label: 'Service', name: 'serviceId' };
const ACCOUNT_FIELD = { label: 'Account', name: 'accountId' };

export function readParameters(this: IExecuteFunctions, itemIndex: number): UnitCount {
	const count = {
		serviceId: readIdParameter(this, itemIndex, SERVICE_FIELD),
		accountId: readIdParameter(this, itemIndex, ACCOUNT_FIELD),
		unitCount: readUnitCount(this, itemIndex),
	};
	readRunTuning(this, itemIndex);
	return count;
}

function readGiven(context: IExecuteFunctions, itemIndex: number) {
	return {
		serviceId: readOrNull(() => readIdParameter(context, itemIndex, SERVICE_FIELD)),
		accountId: readOrNull(() => readIdParameter(context, itemIndex, ACCOUNT_FIELD)),
		unitCount: readOrNull(() => readUnitCount(context, itemIndex)),
	};
}

/** Sets each count, all partners at once; per partner, Gradient is asked to rebuild billing once, after the last. */
export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<UnitCount>>) {
	const pool = startUsageRun(this, requests);
	const outcomes = new Map<ItemRequest<UnitCount>, ItemOutcome>();
	await pool.settle(
		groupByPartner(requests).map(async (batch) => {
			const results: CountResult[] = await pushPartnerCounts(
				this,
				pool,
				batch.requests.map((request) => ({ ...request.parameters, itemIndex: request.itemIndex })),
				batch.partnerApiKey,
			);
			batch.requests.forEach((request, position) => outcomes.set(request, { json: results[position] }));
		}),
	);
	return requests.map((request) => outcomes.get(request) as ItemOutcome);
}

export const operation: GradientOperation<UnitCount> = {
	description,
	readParameters,
	execute,
	failureJson: usageFailureJson(readGiven),
};
