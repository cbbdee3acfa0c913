import type { ConfigKeySpec } from '../function-config';

/** The functionConfig key shared by every function that checks requests. */
export const UNKNOWN_TEMPLATE_CONFIG_KEY: ConfigKeySpec = {
  name: 'unknownTemplate',
  description: 'What a seed-dialect TemplateInfo naming a template outside the library and the package is.',
  values: ['warning', 'error'],
  default: 'warning',
};
