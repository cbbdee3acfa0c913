import { main } from '../../lib/src';
import { validateTemplateParams } from './validate-template-params';

main(validateTemplateParams);
