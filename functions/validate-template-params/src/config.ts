import type { ConfigSpec } from '../../lib/src';
import { UNKNOWN_TEMPLATE_FIELD, type UnknownTemplatePolicy } from '../../lib/src/focom';

export interface ValidateTemplateParamsSettings {
  unknownTemplate: UnknownTemplatePolicy;
}

export const VALIDATE_CONFIG: ConfigSpec<ValidateTemplateParamsSettings> = {
  typedKind: 'ValidateTemplateParamsConfig',
  fields: { unknownTemplate: UNKNOWN_TEMPLATE_FIELD },
};
