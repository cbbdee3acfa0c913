import { join } from 'node:path';
import { describeGoldenCases } from '@focom/test-support/golden';
import { expandProvisioningRequest } from './expand-provisioning-request';

describeGoldenCases(expandProvisioningRequest, join(__dirname, '..', 'testdata'));
