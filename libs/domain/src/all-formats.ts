import { fullFormats } from 'ajv-formats/dist/formats';
import type { Format } from 'ajv';
import { KUBERNETES_FORMATS } from './kubernetes-formats';

/**
 * Every format a parameter schema may use: ajv-formats' full set plus the Kubernetes ones.
 * Precompiled (standalone) validators reference formats through this module.
 */
export const ALL_FORMATS: Record<string, Format> = { ...fullFormats };
for (const [name, format] of Object.entries(KUBERNETES_FORMATS)) ALL_FORMATS[name] = { type: 'string', validate: format.validate };
