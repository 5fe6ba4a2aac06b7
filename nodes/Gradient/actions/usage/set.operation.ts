import type { CountResult, UnitCount } from '../../api/unitCounts';
import { explainUnmappedPartnerServices, pushPartnerCounts } from '../../api/unitCounts';
import type { ItemRequest } from '../../shared/items';
import { groupByPartner } from '../../shared/items';
import { readId } from '../common.parameters';
import { accountLocator, optionsCollection, requestTuningOptions, serviceLocator } from '../common.descriptions';
import type { BatchOperation, ItemOutcome, ParameterRun } from '../operation';
import type { UsageItem } from './fields';
import { readOrNull, readRequestSettings, readUnitCount, runRequestSettings, unitCountProperty, usageFailureJson } from './fields';

const SERVICE_FIELD = { label: 'Service', name: 'serviceId' };
const ACCOUNT_FIELD = { label: 'Account', name: 'accountId' };

function readGiven(run: ParameterRun, itemIndex: number) {
	return {
		serviceId: readOrNull(() => readId(run, itemIndex, SERVICE_FIELD)),
		accountId: readOrNull(() => readId(run, itemIndex, ACCOUNT_FIELD)),
		unitCount: readOrNull(() => readUnitCount(run, itemIndex)),
	};
}

/** Sets each count, all partners at once; per partner, Gradient is asked to rebuild billing once, after the last. */
export const set: BatchOperation<UsageItem<UnitCount>> = {
	value: 'set',
	name: 'Set Unit Count',
	description: 'Set how many units of a service an account uses, for billing reconciliation',
	action: 'Set the unit count of a service for an account',
	properties: [
		{
			displayName:
				'Send one item per account and service. Gradient answers "unmapped" until the MSP maps both in Synthesize; that is normal, keep sending.',
			name: 'usageNotice',
			type: 'notice',
			default: '',
		},
		serviceLocator(
			{
				description:
					"A vendor service (SKU), or a service of this partner only. From the list, a partner service is sent by its Gradient ID (_id) when Gradient's list gives one; by ID, the ID given is sent as it is.",
			},
			'searchCountableServices',
		),
		accountLocator(),
		unitCountProperty,
		optionsCollection(requestTuningOptions),
	],
	readParameters: (run, itemIndex) => ({
		row: {
			serviceId: readId(run, itemIndex, SERVICE_FIELD),
			accountId: readId(run, itemIndex, ACCOUNT_FIELD),
			unitCount: readUnitCount(run, itemIndex),
		},
		settings: readRequestSettings(run, itemIndex),
	}),
	failureJson: usageFailureJson(readGiven),
	requestSettings: runRequestSettings,
	async executeBatch(run, requests) {
		const outcomes = new Map<ItemRequest<UsageItem<UnitCount>>, ItemOutcome>();
		await run.client.pool.settle(
			groupByPartner(requests).map(async (batch) => {
				const counts = batch.requests.map((request) => ({ ...request.parameters.row, itemIndex: request.itemIndex }));
				const results: CountResult[] = await pushPartnerCounts(run.client, counts, batch.partnerApiKey, run.onFailure);
				await explainUnmappedPartnerServices(run.client, counts, results, batch.partnerApiKey);
				batch.requests.forEach((request, position) => outcomes.set(request, { json: results[position] }));
			}),
		);
		return requests.map((request) => outcomes.get(request) as ItemOutcome);
	},
};
