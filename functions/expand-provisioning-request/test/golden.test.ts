import { join } from 'node:path';
import { describeGoldenCases } from '../../../test/support/golden';
import { expandProvisioningRequest } from '../src/expand-provisioning-request';

describeGoldenCases(expandProvisioningRequest, join(__dirname, '..', 'testdata'));
