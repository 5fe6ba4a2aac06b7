import { PARTNER_SERVICES, listRecords } from '../../api/records';
import { applyLimit, readLimit } from '../common.parameters';
import { optionsCollection, returnAllAndLimit } from '../common.descriptions';
import type { PerItemOperation } from '../operation';

export const getMany: PerItemOperation<{ limit?: number }> = {
	value: 'getMany',
	name: 'Get Many',
	description: "List this partner's own services",
	action: 'Get many services of one partner only',
	properties: [...returnAllAndLimit(), optionsCollection()],
	readParameters: (run, itemIndex) => ({ limit: readLimit(run, itemIndex) }),
	executeItem: async (run, { itemIndex, partnerApiKey, parameters }) =>
		applyLimit(await listRecords(run.client, PARTNER_SERVICES, { itemIndex, partnerApiKey }), parameters.limit),
};
