/**
 * oran-o2ims's ClusterTemplates (clcm.openshift.io/v1alpha1) a package holds: a clcm
 * ProvisioningRequest names one as `<templateName>.<templateVersion>`, and its
 * `spec.templateParameterSchema` (an OpenAPI v3 schema, as an object) says what the request's
 * parameters must be. The request is checked against it before the O2IMS sees it.
 */
import { type KrmItem, type Result, errorResult, isPlainObject } from '@focom/krm-runtime';
import { type CompiledSchema, compileSchema } from './schema-compiler';
import { CLCM_API_VERSION } from './vocabulary';

export interface ClusterTemplate {
  item: KrmItem;
  name: string;
  namespace: string;
  /** Undefined when its schema is missing or does not compile (reported). */
  schema?: CompiledSchema;
}

export function readClusterTemplates(items: readonly KrmItem[]): { templates: Map<string, ClusterTemplate>; results: Result[] } {
  const templates = new Map<string, ClusterTemplate>();
  const results: Result[] = [];
  for (const item of items) {
    if (item.apiVersion !== CLCM_API_VERSION || item.kind !== 'ClusterTemplate') continue;
    // The first of a name wins: a ProvisioningRequest names a ClusterTemplate by name alone.
    if (templates.has(item.name)) continue;
    const template: ClusterTemplate = { item, name: item.name, namespace: item.namespace ?? '' };
    const spec = item.object.spec;
    const schema = isPlainObject(spec) ? spec.templateParameterSchema : undefined;
    if (!isPlainObject(schema)) {
      results.push(
        errorResult('must be an OpenAPI v3 schema (a mapping): its clcm ProvisioningRequests cannot be checked', item.subject, {
          path: 'spec.templateParameterSchema',
        }),
      );
    } else {
      const compiled = compileSchema(schema);
      if (compiled.ok) template.schema = compiled.value;
      else results.push(errorResult(compiled.reason, item.subject, { path: 'spec.templateParameterSchema' }));
    }
    templates.set(item.name, template);
  }
  return { templates, results };
}
