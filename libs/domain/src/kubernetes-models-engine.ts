import * as kubernetesModels from 'kubernetes-models';

/**
 * The Kubernetes API's own schemas, as the `kubernetes-models` classes carry them (compiled
 * validators, one per kind). A module of its own: about 3 MB, so the function bundles leave it
 * out and load `dist/bundle/kubernetes-models-engine.js` only when a template is checked.
 */
interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: unknown): { validate(): void };
}

/** One schema violation, as ajv reports it. */
export interface KubernetesSchemaError {
  instancePath: string;
  keyword: string;
  message: string;
}

let models: Map<string, ModelClass> | undefined;

function isModelClass(value: unknown): value is ModelClass {
  return (
    typeof value === 'function' &&
    typeof (value as Partial<ModelClass>).apiVersion === 'string' &&
    typeof (value as Partial<ModelClass>).kind === 'string'
  );
}

function index(): Map<string, ModelClass> {
  if (models) return models;
  models = new Map();
  const visit = (value: unknown, depth: number): void => {
    if (isModelClass(value)) models!.set(`${value.apiVersion} ${value.kind}`, value);
    else if (typeof value === 'object' && value !== null && depth < 3) for (const child of Object.values(value)) visit(child, depth + 1);
  };
  visit(kubernetesModels, 0);
  return models;
}

/**
 * The violations of an object against its kind's schema; undefined when the kind is not one of
 * the Kubernetes API's own (a custom resource, whose schema is its CRD's).
 */
export function kubernetesSchemaErrors(object: Record<string, unknown>): KubernetesSchemaError[] | undefined {
  const Model = index().get(`${String(object.apiVersion)} ${String(object.kind)}`);
  if (!Model) return undefined;
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: unknown }).errors;
    if (!Array.isArray(errors)) throw error;
    return errors.map((e: { instancePath?: unknown; keyword?: unknown; message?: unknown }) => ({
      instancePath: typeof e.instancePath === 'string' ? e.instancePath : '',
      keyword: typeof e.keyword === 'string' ? e.keyword : '',
      message: typeof e.message === 'string' ? e.message : 'fails the schema',
    }));
  }
}
