import type { ConfigSpec } from '../../lib/src';
import { UNKNOWN_TEMPLATE_CONFIG_KEY } from '../../lib/src/focom';

export const VALIDATE_CONFIG: ConfigSpec = {
  typedKind: 'ValidateTemplateParamsConfig',
  keys: [UNKNOWN_TEMPLATE_CONFIG_KEY],
};
