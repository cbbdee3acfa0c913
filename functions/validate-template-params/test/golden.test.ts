import { join } from 'node:path';
import { describeGoldenCases } from '../../../test/support/golden';
import { validateTemplateParams } from '../src/validate-template-params';

describeGoldenCases(validateTemplateParams, join(__dirname, '..', 'testdata'));
