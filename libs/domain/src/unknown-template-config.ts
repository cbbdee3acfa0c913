import { type ConfigField, oneOf } from '@focom/krm-runtime';

/** What a seed-dialect TemplateInfo naming a template outside the library and the package is. */
export type UnknownTemplatePolicy = 'warning' | 'error';

/** The functionConfig key shared by every function that checks requests. */
export const UNKNOWN_TEMPLATE_FIELD: ConfigField<UnknownTemplatePolicy> = oneOf(
  ['warning', 'error'],
  'warning',
  'What a seed-dialect TemplateInfo naming a template outside the library and the package is.',
);
