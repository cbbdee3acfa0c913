import type { ValidateFunction } from 'ajv';
import type { TemplateDefinition } from './template';

/**
 * The built-in template library and its schemas' validators, compiled at build time.
 * Unbundled code (tests, `tsc` output) sees `undefined` and reads `packages/templates` at run
 * time; the bundles in `dist/bundle/` replace this module with the generated one, so a run
 * neither parses template YAML nor loads ajv for a built-in template.
 */
export interface PrecompiledLibrary {
  templates: Array<Omit<TemplateDefinition, 'origin'>>;
  /** Validators keyed by `JSON.stringify(schema)`. */
  validators: Record<string, ValidateFunction>;
}

export const PRECOMPILED: PrecompiledLibrary | undefined = undefined;
