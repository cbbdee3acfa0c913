import { validateTemplateParams } from '../../functions/validate-template-params/src/validate-template-params';
import { describeProperties } from './properties';

describeProperties(validateTemplateParams);
