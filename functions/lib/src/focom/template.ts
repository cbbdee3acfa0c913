import type { KrmItem } from '../krm-item';
import { type Outcome, fail, succeed } from '../outcome';
import { isPlainObject } from '../plain-object';

/** A workload template: parameters (a JSON Schema) and the manifests they fill in. */
export interface TemplateDefinition {
  name: string;
  version: string;
  description: string;
  parameterSchema: Record<string, unknown>;
  /** Manifests with `${parameter}` placeholders. */
  resources: Record<string, unknown>[];
  /** Where it came from, for messages: `library` or the package-local FocomTemplate. */
  origin: 'library' | KrmItem;
}

/** Reads a FocomTemplate's spec; `resources` come from the spec or, for library folders, from files. */
export function templateFromSpec(
  spec: unknown,
  resources: Record<string, unknown>[] | undefined,
  origin: TemplateDefinition['origin'],
): Outcome<TemplateDefinition> {
  if (!isPlainObject(spec)) return fail('spec must be a mapping');
  const name = spec.templateName;
  const version = spec.templateVersion;
  if (typeof name !== 'string' || name === '') return fail('spec.templateName must be the template name');
  if (typeof version !== 'string' || version === '') return fail('spec.templateVersion must be the template version');
  const schema = spec.parameterSchema ?? {};
  if (!isPlainObject(schema)) return fail('spec.parameterSchema must be a JSON Schema mapping');
  const listed = resources ?? spec.resources;
  if (!Array.isArray(listed) || !listed.every(isPlainObject)) return fail('spec.resources must be a list of Kubernetes manifests');
  return succeed({
    name,
    version,
    description: typeof spec.description === 'string' ? spec.description : '',
    parameterSchema: schema,
    resources: listed,
    origin,
  });
}

/** The annotation value naming a template: `<name>@<version>`. */
export function templateLabel(template: Pick<TemplateDefinition, 'name' | 'version'>): string {
  return template.version ? `${template.name}@${template.version}` : template.name;
}
