export { expandProvisioningRequest } from './expand-provisioning-request';
export { EXPAND_CONFIG, type ExpandProvisioningRequestSettings } from './config';
