import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { groupByPartner } from '../../helpers/partners';
import type { ServiceFields } from '../../helpers/services';
import { changedServiceFields, createService, fetchServices, updateService } from '../../helpers/services';
import { optionsCollection } from '../common.descriptions';
import { failure } from '../outcomes';
import type { GradientOperation, ItemOutcome, ItemRequest } from '../types';
import { readServiceDefinition, serviceDefinitionProperties } from './fields';

export const description = updateDisplayOptions({ show: { resource: ['service'], operation: ['upsert'] } }, [
	...serviceDefinitionProperties,
	optionsCollection(),
]);

export function readParameters(this: IExecuteFunctions, itemIndex: number): ServiceFields {
	return readServiceDefinition(this, itemIndex);
}

/**
 * Matches by exact name against the vendor's services, read once per partner: absent is
 * created, different is updated, equal costs no request. Items are applied in order, so a
 * name repeated in the input sees the earlier item's result.
 */
export async function execute(this: IExecuteFunctions, requests: Array<ItemRequest<ServiceFields>>) {
	const outcomes = new Map<ItemRequest<ServiceFields>, ItemOutcome>();
	for (const batch of groupByPartner(requests)) {
		const scope = { partnerApiKey: batch.partnerApiKey, itemIndex: batch.requests[0].itemIndex };
		let services;
		try {
			services = await fetchServices(this, scope);
		} catch (error) {
			for (const request of batch.requests) outcomes.set(request, failure(this, error));
			continue;
		}
		for (const request of batch.requests) {
			const { itemIndex, parameters: wanted } = request;
			const itemScope = { partnerApiKey: batch.partnerApiKey, itemIndex };
			try {
				const matches = services.filter((service) => service.name === wanted.name);
				if (matches.length > 1) {
					throw new NodeOperationError(
						this.getNode(),
						`[item ${itemIndex}] Name (name): ${matches.length} Gradient services are named "${wanted.name}"`,
						{ itemIndex, description: 'Create or Update matches by exact name; rename or update the duplicates by ID first.' },
					);
				}
				const [existing] = matches;
				if (!existing) {
					const created = await createService(this, wanted, itemScope);
					services.push(created);
					outcomes.set(request, { json: { ...created, action: 'created' } });
					continue;
				}
				const changes = changedServiceFields(existing, wanted);
				if (Object.keys(changes).length === 0) {
					outcomes.set(request, { json: { ...existing, action: 'unchanged' } });
					continue;
				}
				const updated = await updateService(this, existing.id, changes, itemScope);
				services[services.indexOf(existing)] = updated;
				outcomes.set(request, { json: { ...updated, action: 'updated' } });
			} catch (error) {
				outcomes.set(request, failure(this, error));
			}
		}
	}
	return requests.map((request) => outcomes.get(request) as ItemOutcome);
}

export const operation: GradientOperation<ServiceFields> = { description, readParameters, execute };
