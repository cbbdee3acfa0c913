import type { ConfigSpec } from '@focom/krm-runtime';
import { UNKNOWN_TEMPLATE_FIELD, type UnknownTemplatePolicy, functionConfigKind } from '@focom/domain';

export interface ValidateTemplateParamsSettings {
  unknownTemplate: UnknownTemplatePolicy;
}

export const VALIDATE_CONFIG: ConfigSpec<ValidateTemplateParamsSettings> = {
  typedKind: functionConfigKind('ValidateTemplateParamsConfig'),
  fields: { unknownTemplate: UNKNOWN_TEMPLATE_FIELD },
};
