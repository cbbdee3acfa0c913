import { join } from 'node:path';
import { describeGoldenCases } from '../../../test/support/golden';
import { injectOCloudTargeting } from '../src/inject-ocloud-targeting';

describeGoldenCases(injectOCloudTargeting, join(__dirname, '..', 'testdata'));
