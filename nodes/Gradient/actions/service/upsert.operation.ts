import { NodeOperationError } from 'n8n-workflow';

import type { ServiceFields } from '../../api/services';
import { changedServiceFields, createService, fetchServices, updateService } from '../../api/services';
import type { ItemRequest } from '../../shared/items';
import { groupByPartner } from '../../shared/items';
import { optionsCollection } from '../common.descriptions';
import { failure } from '../outcomes';
import type { BatchOperation, ItemOutcome, Run } from '../operation';
import { readServiceDefinition, serviceDefinitionProperties } from './fields';

/** Items naming one service merge in input order: each field takes the last value given. */
function servicesByName(requests: Array<ItemRequest<ServiceFields>>) {
	const byName = new Map<string, { wanted: ServiceFields; requests: Array<ItemRequest<ServiceFields>> }>();
	for (const request of requests) {
		const earlier = byName.get(request.parameters.name);
		if (!earlier) {
			byName.set(request.parameters.name, { wanted: { ...request.parameters }, requests: [request] });
			continue;
		}
		for (const [field, value] of Object.entries(request.parameters)) if (value !== undefined) earlier.wanted[field] = value;
		earlier.requests.push(request);
	}
	return [...byName.values()];
}

/** What one partner's items do to the vendor's services, matched by exact name against one read. */
async function upsertPartnerServices(run: Run, partnerApiKey: string | undefined, requests: Array<ItemRequest<ServiceFields>>, outcomes: Map<ItemRequest<ServiceFields>, ItemOutcome>) {
	let services;
	try {
		services = await fetchServices(run.client, { partnerApiKey, itemIndex: requests[0].itemIndex });
	} catch (error) {
		for (const request of requests) outcomes.set(request, failure(run.onFailure, error));
		return;
	}
	for (const { wanted, requests: named } of servicesByName(requests)) {
		const { itemIndex } = named[0];
		const scope = { partnerApiKey, itemIndex };
		let outcome: ItemOutcome;
		try {
			const matches = services.filter((service) => service.name === wanted.name);
			if (matches.length > 1) {
				throw new NodeOperationError(run.node, `[item ${itemIndex}] Name (name): ${matches.length} Gradient services are named "${wanted.name}"`, {
					itemIndex,
					description: 'Create or Update matches by exact name; rename or update the duplicates by ID first.',
				});
			}
			const [existing] = matches;
			if (!existing) {
				outcome = { json: { ...(await createService(run.client, wanted, scope)), action: 'created' } };
			} else {
				const changes = changedServiceFields(existing, wanted);
				outcome = Object.keys(changes).length
					? { json: { ...(await updateService(run.client, existing.id, changes, scope)), action: 'updated' } }
					: { json: { ...existing, action: 'unchanged' } };
			}
		} catch (error) {
			outcome = failure(run.onFailure, error);
		}
		for (const request of named) outcomes.set(request, outcome);
	}
}

/**
 * Matches by exact name against the vendor's services, read once per partner: absent is
 * created, different is updated, equal costs no request.
 */
export const upsert: BatchOperation<ServiceFields> = {
	value: 'upsert',
	name: 'Create or Update',
	description: 'Create a new record, or update the current one if it already exists (upsert)',
	action: 'Create or update a service',
	properties: [
		...serviceDefinitionProperties(
			'The service (SKU) name MSPs see and map to their PSA products. Create or Update matches services on this exact name. Items that give the same name merge in input order: each field takes the last value given, and all of them get the same result.',
		),
		optionsCollection(),
	],
	readParameters: readServiceDefinition,
	async executeBatch(run, requests) {
		const outcomes = new Map<ItemRequest<ServiceFields>, ItemOutcome>();
		for (const batch of groupByPartner(requests)) await upsertPartnerServices(run, batch.partnerApiKey, batch.requests, outcomes);
		return requests.map((request) => outcomes.get(request) as ItemOutcome);
	},
};
