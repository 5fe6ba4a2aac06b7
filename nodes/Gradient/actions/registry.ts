import type { GradientOperation } from './types';
import * as account from './account/Account.resource';
import * as alert from './alert/Alert.resource';
import * as client from './client/Client.resource';
import * as partner from './partner/Partner.resource';
import * as partnerService from './partnerService/PartnerService.resource';
import * as service from './service/Service.resource';
import * as usage from './usage/Usage.resource';
import * as vendor from './vendor/Vendor.resource';

export const resources = { vendor, service, partner, account, partnerService, client, usage, alert };

export const operations: Record<string, Record<string, GradientOperation<unknown>>> = Object.fromEntries(
	Object.entries(resources).map(([name, resource]) => [name, resource.operations]),
);
