import type { UnitCount } from '../../api/unitCounts';
import type { ItemRequest } from '../../shared/items';
import { groupByPartner } from '../../shared/items';
import { readId } from '../common.parameters';
import { accountLocator, optionsCollection, requestTuningOptions, serviceLocator } from '../common.descriptions';
import type { BatchOperation, ItemOutcome, ParameterRun } from '../operation';
import type { UsageItem } from './fields';
import {
	readMemoryOptions,
	readOrNull,
	readRequestSettings,
	readUnitCount,
	runRequestSettings,
	skipUnchangedOptions,
	unitCountProperty,
	usageFailureJson,
} from './fields';
import { withUsageMemory } from './memory';
import { listedAccountIds, setPartnerCounts } from './partnerCounts';

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
		optionsCollection([...requestTuningOptions, ...skipUnchangedOptions]),
	],
	readParameters: (run, itemIndex) => ({
		row: {
			serviceId: readId(run, itemIndex, SERVICE_FIELD),
			accountId: readId(run, itemIndex, ACCOUNT_FIELD),
			unitCount: readUnitCount(run, itemIndex),
		},
		settings: readRequestSettings(run, itemIndex),
		memory: readMemoryOptions(run, itemIndex),
	}),
	failureJson: usageFailureJson(readGiven),
	requestSettings: runRequestSettings,
	async executeBatch(run, requests) {
		const outcomes = new Map<ItemRequest<UsageItem<UnitCount>>, ItemOutcome>();
		const batches = groupByPartner(requests);
		const options = requests[0].parameters.memory;
		await withUsageMemory(run, options, batches.map((batch) => batch.partnerApiKey), async (memory) => {
			await run.client.pool.settle(
				batches.map(async (batch) => {
					const partnerMemory = memory?.partner(batch.partnerApiKey);
					const listed = partnerMemory && options.skipUnchanged ? await listedAccountIds(run, batch.partnerApiKey, batch.requests[0].itemIndex) : undefined;
					const { results } = await setPartnerCounts(run, {
						partnerApiKey: batch.partnerApiKey,
						counts: batch.requests.map((request) => ({ ...request.parameters.row, itemIndex: request.itemIndex })),
						memory: partnerMemory,
						options,
						// An account Gradient no longer lists lost its counts (the MSP disconnected).
						sendAnyway: (count) => !listed?.has(count.accountId),
					});
					if (partnerMemory) memory?.learned(partnerMemory);
					batch.requests.forEach((request, position) => outcomes.set(request, { json: results[position] }));
				}),
			);
		});
		return requests.map((request) => outcomes.get(request) as ItemOutcome);
	},
};
