import { expandProvisioningRequest } from '../../functions/expand-provisioning-request/src/expand-provisioning-request';
import { describeProperties } from './properties';

describeProperties(expandProvisioningRequest);
