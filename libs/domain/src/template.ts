import { LOCAL_CONFIG_ANNOTATION } from '@focom/krm-runtime';
import type { KrmItem } from '@focom/krm-runtime';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { isPlainObject, setOwn } from '@focom/krm-runtime';
import { type ObservabilityDeclaration, readObservability } from './template-observability';

/** A workload template: parameters (a JSON Schema) and the manifests they fill in. */
export interface TemplateDefinition {
  name: string;
  version: string;
  description: string;
  parameterSchema: Record<string, unknown>;
  /** Manifests with `${parameter}` placeholders, without kpt's or local-config annotations. */
  resources: Record<string, unknown>[];
  /** What to monitor and the SLOs (`spec.observability`), placeholders not yet filled in. */
  observability?: ObservabilityDeclaration;
  /** Where it came from, for messages: `library` or the package's FocomTemplate. */
  origin: 'library' | KrmItem;
  /** A package template's file, from the package root (`templates/5g-ran-du/template.yaml`), for messages. */
  source?: string;
  /**
   * A template folder in the package: the item each resource was read from, in `resources`
   * order. Absent for the library and for a FocomTemplate that lists `spec.resources`.
   */
  manifestItems?: KrmItem[];
}

/** What is wrong with a FocomTemplate's spec: the field, and the words after it. */
export interface TemplateSpecProblem {
  path: string;
  problem: string;
}

/** The first problem of a FocomTemplate's spec that keeps it from being a template, if any. */
export function templateSpecProblem(spec: unknown, resources: Record<string, unknown>[] | undefined): TemplateSpecProblem | undefined {
  if (!isPlainObject(spec)) return { path: 'spec', problem: 'must be a mapping' };
  if (typeof spec.templateName !== 'string' || spec.templateName.trim() === '')
    return { path: 'spec.templateName', problem: 'must be the template name, e.g. 5g-ran-du' };
  if (typeof spec.templateVersion !== 'string' || spec.templateVersion.trim() === '')
    return { path: 'spec.templateVersion', problem: 'must be the template version, e.g. v1.0.0' };
  if (spec.parameterSchema !== undefined && !isPlainObject(spec.parameterSchema))
    return { path: 'spec.parameterSchema', problem: 'must be a JSON Schema mapping' };
  const listed = resources ?? spec.resources;
  if (!Array.isArray(listed) || !listed.every(isPlainObject))
    return { path: 'spec.resources', problem: 'must be a list of Kubernetes manifests' };
  if (spec.observability !== undefined) {
    const observability = readObservability(spec.observability);
    if (!observability.ok) return { path: observability.path, problem: observability.problem };
  }
  return undefined;
}

/** Reads a FocomTemplate's spec; `resources` come from the spec or, for template folders, from files. */
export function templateFromSpec(
  spec: unknown,
  resources: Record<string, unknown>[] | undefined,
  origin: TemplateDefinition['origin'],
): Outcome<TemplateDefinition> {
  const problem = templateSpecProblem(spec, resources);
  if (problem) return fail(`${problem.path} ${problem.problem}`);
  const s = spec as Record<string, unknown>;
  const schema = (s.parameterSchema ?? {}) as Record<string, unknown>;
  const listed = (resources ?? s.resources) as Record<string, unknown>[];
  const template: TemplateDefinition = {
    name: s.templateName as string,
    version: s.templateVersion as string,
    description: typeof s.description === 'string' ? s.description : '',
    parameterSchema: schema,
    resources: listed.map(manifestOf),
    origin,
  };
  const observability = s.observability === undefined ? undefined : readObservability(s.observability);
  if (observability?.ok) template.observability = observability.value;
  return succeed(template);
}

/** The annotation value naming a template: `<name>@<version>`; also its key in a catalog. */
export function templateLabel(template: Pick<TemplateDefinition, 'name' | 'version'>): string {
  return template.version ? `${template.name}@${template.version}` : template.name;
}

/** `<name>@<version>` back into its parts; a label without `@` is a name without a version. */
export function parseTemplateLabel(label: string): { name: string; version?: string } {
  const at = label.lastIndexOf('@');
  return at <= 0 ? { name: label } : { name: label.slice(0, at), version: label.slice(at + 1) };
}

/**
 * A manifest as a template holds it: kpt's bookkeeping annotations and the local-config mark
 * are dropped. The mark keeps the manifest itself (placeholders) from being applied; what it
 * renders into is meant for the edge cluster, so it must not carry the mark.
 */
export function manifestOf(object: Record<string, unknown>): Record<string, unknown> {
  const metadata = object.metadata;
  if (!isPlainObject(metadata) || !isPlainObject(metadata.annotations)) return object;
  const annotations: Record<string, unknown> = {};
  let dropped = false;
  for (const [key, value] of Object.entries(metadata.annotations)) {
    if (isBookkeeping(key)) dropped = true;
    else setOwn(annotations, key, value);
  }
  if (!dropped) return object;
  const cleanMetadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (key !== 'annotations') setOwn(cleanMetadata, key, value);
    else if (Object.keys(annotations).length > 0) setOwn(cleanMetadata, key, annotations);
  }
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) setOwn(clean, key, key === 'metadata' ? cleanMetadata : value);
  return clean;
}

/** kpt's bookkeeping: where an item lives, its id, and what kpt pkg get records for merging. */
function isBookkeeping(key: string): boolean {
  return (
    key === LOCAL_CONFIG_ANNOTATION ||
    key === 'config.kubernetes.io/path' ||
    key === 'config.kubernetes.io/index' ||
    key === 'config.k8s.io/id' ||
    key.startsWith('internal.config.kubernetes.io/') ||
    key.startsWith('internal.kpt.dev/')
  );
}
