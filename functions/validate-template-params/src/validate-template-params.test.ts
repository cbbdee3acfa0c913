import { join } from 'node:path';
import { describeGoldenCases } from '@focom/test-support/golden';
import { validateTemplateParams } from './validate-template-params';

describeGoldenCases(validateTemplateParams, join(__dirname, '..', 'testdata'));
