import { main } from '@focom/krm-runtime';
import { validateTemplateParams } from './validate-template-params';

main(validateTemplateParams);
