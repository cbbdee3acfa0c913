import { main } from '@focom/krm-runtime';
import { expandProvisioningRequest } from './expand-provisioning-request';

main(expandProvisioningRequest);
