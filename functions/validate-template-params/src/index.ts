export { validateTemplateParams } from './validate-template-params';
export { VALIDATE_CONFIG, type ValidateTemplateParamsSettings } from './config';
