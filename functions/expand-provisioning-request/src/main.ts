import { main } from '../../lib/src';
import { expandProvisioningRequest } from './expand-provisioning-request';

main(expandProvisioningRequest);
