import { join } from 'node:path';
import { describeGoldenCases } from '@focom/test-support/golden';
import { injectOCloudTargeting } from './inject-ocloud-targeting';

describeGoldenCases(injectOCloudTargeting, join(__dirname, '..', 'testdata'));
