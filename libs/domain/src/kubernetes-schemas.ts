import type { KubernetesSchemaError } from './kubernetes-models-engine';

export type { KubernetesSchemaError };

/**
 * Checks an object against the Kubernetes API schema of its kind. The schemas are loaded on first
 * use (the bundles load them from their own file beside the function's): a run that checks no
 * template never reads them. Undefined for a kind outside the Kubernetes API.
 */
export function kubernetesSchemaErrors(object: Record<string, unknown>): KubernetesSchemaError[] | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const engine = require('./kubernetes-models-engine') as typeof import('./kubernetes-models-engine');
  return engine.kubernetesSchemaErrors(object);
}
