import { account } from './account/Account.resource';
import { alert } from './alert/Alert.resource';
import { client } from './client/Client.resource';
import type { GradientOperation } from './operation';
import { partner } from './partner/Partner.resource';
import { partnerService } from './partnerService/PartnerService.resource';
import type { GradientResource } from './resource';
import { service } from './service/Service.resource';
import { usage } from './usage/Usage.resource';
import { vendor } from './vendor/Vendor.resource';

export const resources: GradientResource[] = [vendor, service, partner, account, partnerService, client, usage, alert];

export function findOperation(resourceValue: string, operationValue: string): GradientOperation | undefined {
	return resources
		.find((resource) => resource.value === resourceValue)
		?.operations.find((operation) => operation.value === operationValue);
}
