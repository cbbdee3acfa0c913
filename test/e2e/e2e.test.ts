import { join } from 'node:path';
import { describeE2eCases } from '@focom/test-support/e2e-cases';
import { REPO_ROOT } from '@focom/test-support/kpt';

describeE2eCases('kpt end-to-end', join(REPO_ROOT, 'test', 'e2e', 'cases'));
