import type { ConfigSpec } from '../../lib/src';

export const VALIDATE_CONFIG: ConfigSpec = {
  typedKind: 'ValidateTemplateParamsConfig',
  keys: [
    {
      name: 'unknownTemplate',
      description: 'What a seed-dialect TemplateInfo naming a template outside the library and the package is.',
      values: ['warning', 'error'],
      default: 'warning',
    },
  ],
};
