import { LOCAL_CONFIG_ANNOTATION } from '@focom/krm-runtime';
import { isPlainObject } from '@focom/krm-runtime';
import { type FieldRef, type Result, type Subject, errorResult, warningResult } from '@focom/krm-runtime';
import { kubernetesSchemaErrors } from '@focom/domain';
import { schemaDefaults } from '@focom/domain';
import { renderTemplate } from './render-request';
import { DEFAULT_MONITORING } from '@focom/domain';
import { OBSERVABILITY_PATH } from '@focom/domain';
import { sampleParameters } from '@focom/domain';
import { compileSchema } from '@focom/domain';
import { describeUnknownKeyword, describeViolations, fieldPath } from '@focom/domain';
import { placeholders } from '@focom/domain';
import { type TemplateDefinition, templateLabel } from '@focom/domain';

const SCHEMA_PATH = 'spec.parameterSchema';

/**
 * What a template repository's CI checks of a template (`kpt fn eval <template folder> --exec
 * validate-template-params`), each reported on the FocomTemplate with the file and field at
 * fault: every `${parameter}` a manifest uses is declared by the schema (and, when optional, has a
 * default); every required parameter is used; the defaults pass the schema; the manifests rendered
 * with the defaults pass the Kubernetes API schemas; a template folder's manifests are marked
 * local-config, so nothing applies them as they are.
 */
export function checkTemplateAuthoring(template: TemplateDefinition): Result[] {
  const results: Result[] = [];
  const label = templateLabel(template);
  const schema = template.parameterSchema;
  const compiled = compileSchema(schema);
  if (!compiled.ok) {
    results.push(errorResult(compiled.reason, schemaSubject(template), { path: SCHEMA_PATH }));
    return results;
  }
  for (const unknown of compiled.value.unknownKeywords) {
    results.push(warningResult(describeUnknownKeyword(unknown), schemaSubject(template), { path: SCHEMA_PATH }));
  }

  const properties = isPlainObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [];
  const defaults = schemaDefaults(schema);
  const used = new Set<string>();
  template.resources.forEach((resource, index) => {
    const where = resourceLocation(template, index);
    const reported = new Set<string>();
    for (const { parameter, segments } of placeholders(resource)) {
      const top = parameter.split('.')[0];
      used.add(top);
      if (reported.has(parameter)) continue;
      const field = { path: joinPath(where.base, segments) };
      if (!declares(schema, parameter)) {
        reported.add(parameter);
        results.push(
          errorResult(
            `uses \${${parameter}}, which the parameter schema of ${label} does not declare: declare it, or fix the name`,
            where.subject,
            field,
          ),
        );
      } else if (!required.includes(top) && !Object.prototype.hasOwnProperty.call(defaults, top)) {
        reported.add(parameter);
        results.push(
          errorResult(
            `uses \${${parameter}}, which is optional and has no default in the parameter schema of ${label}: a request that leaves it unset cannot render; give it a default, or make it required`,
            where.subject,
            field,
          ),
        );
      }
    }
  });
  if (template.observability) {
    for (const { parameter, segments } of placeholders(template.observability)) {
      used.add(parameter.split('.')[0]);
      if (declares(schema, parameter)) continue;
      results.push(
        errorResult(
          `uses \${${parameter}}, which the parameter schema of ${label} does not declare: declare it, or fix the name`,
          schemaSubject(template),
          { path: joinPath(OBSERVABILITY_PATH, segments) },
        ),
      );
    }
  }
  required.forEach((name, index) => {
    if (used.has(name)) return;
    results.push(
      errorResult(
        `requires parameter "${name}", which no manifest of ${label} uses: every request would have to set a value that changes nothing; use it, or drop it from required`,
        schemaSubject(template),
        { path: `${SCHEMA_PATH}.required[${index}]`, currentValue: name },
      ),
    );
  });

  let defaultsPass = true;
  if (!compiled.value.validate(defaults)) {
    for (const violation of describeViolations(compiled.value.validate.errors ?? [], true)) {
      defaultsPass = false;
      const field: FieldRef = { path: defaultPath(schema, violation.segments) };
      if (violation.hasValue) field.currentValue = violation.value;
      results.push(errorResult(`the default ${violation.problem}`, schemaSubject(template), field));
    }
  }
  if (defaultsPass && !results.some((r) => r.severity === 'error')) results.push(...checkRenderedDefaults(template, properties));
  results.push(...unmarkedManifests(template));
  return results;
}

/** Where resource `index` of a template lives: its own file in a template folder, or `spec.resources[i]`. */
function resourceLocation(template: TemplateDefinition, index: number): { subject: Subject; base: string } {
  const item = template.manifestItems?.[index];
  const origin = template.origin;
  if (origin === 'library') return { subject: {}, base: `resources[${index}]` };
  if (item) {
    const subject: Subject = { resourceRef: origin.resourceRef };
    const file = item.fileRef;
    if (file) subject.file = file;
    return { subject, base: '' };
  }
  return { subject: origin.subject, base: `spec.resources[${index}]` };
}

function schemaSubject(template: TemplateDefinition): Subject {
  return template.origin === 'library' ? {} : template.origin.subject;
}

function joinPath(base: string, segments: ReadonlyArray<string | number>): string {
  const path = fieldPath(base, segments.map(String));
  return path.startsWith('.') ? path.slice(1) : path;
}

/** Whether the schema declares a dotted parameter: its first part is a property; deeper parts only where properties are closed. */
function declares(schema: Record<string, unknown>, parameter: string): boolean {
  let node: unknown = schema;
  for (const part of parameter.split('.')) {
    if (!isPlainObject(node)) return true;
    const properties = isPlainObject(node.properties) ? node.properties : undefined;
    if (properties && Object.prototype.hasOwnProperty.call(properties, part)) {
      node = properties[part];
      continue;
    }
    // The root must declare every parameter; below it, an open object accepts any key.
    return node !== schema && node.additionalProperties !== false && properties === undefined;
  }
  return true;
}

/** `spec.parameterSchema.properties.replicas.default` for a violation at `replicas`. */
function defaultPath(schema: Record<string, unknown>, segments: readonly string[]): string {
  let path = SCHEMA_PATH;
  let node: unknown = schema;
  for (let i = 0; i < segments.length; i++) {
    const properties = isPlainObject(node) && isPlainObject(node.properties) ? node.properties : undefined;
    const property = properties?.[segments[i]];
    if (!isPlainObject(property)) return fieldPath(path, segments.slice(i));
    path = `${path}.properties.${segments[i]}`;
    if (property.default !== undefined) return fieldPath(`${path}.default`, segments.slice(i + 1));
    node = property;
  }
  return path;
}

/** The manifests rendered with the defaults (and sample values for required parameters), against the Kubernetes API schemas. */
function checkRenderedDefaults(template: TemplateDefinition, properties: Record<string, unknown>): Result[] {
  const results: Result[] = [];
  const label = templateLabel(template);
  const parameters = sampleParameters(template.parameterSchema);
  const compiled = compileSchema(template.parameterSchema);
  if (compiled.ok && !compiled.value.validate(parameters)) {
    const missing = describeViolations(compiled.value.validate.errors ?? [])
      .map((v) => v.segments[0])
      .filter((name, i, all) => name !== undefined && all.indexOf(name) === i);
    for (const name of missing) {
      results.push(
        warningResult(
          `has no default or example value that passes the schema, so ${label} is not rendered to check its manifests against the Kubernetes schemas: add examples: [<a valid value>]`,
          schemaSubject(template),
          { path: isPlainObject(properties[name]) ? `${SCHEMA_PATH}.properties.${name}` : SCHEMA_PATH },
        ),
      );
    }
    return results;
  }
  const rendered = renderTemplate(template, parameters, {
    request: template.name,
    ocloud: 'sample-ocloud',
    monitoring: DEFAULT_MONITORING,
  });
  if (!rendered.ok) {
    // Placeholders were checked above; what is left is the observability declaration against the manifests.
    results.push(errorResult(`rendered with its defaults, ${rendered.reason}`, schemaSubject(template), { path: OBSERVABILITY_PATH }));
    return results;
  }
  rendered.value.objects.slice(0, template.resources.length).forEach((object, index) => {
    const errors = kubernetesSchemaErrors(object);
    if (!errors || errors.length === 0) return;
    const where = resourceLocation(template, index);
    const byPath = new Map<string, string[]>();
    for (const error of errors) {
      if (error.keyword === 'oneOf' || error.keyword === 'anyOf') continue;
      const messages = byPath.get(error.instancePath) ?? [];
      if (!messages.includes(error.message)) messages.push(error.message);
      byPath.set(error.instancePath, messages);
    }
    const name = isPlainObject(object.metadata) ? String(object.metadata.name) : '';
    for (const [pointer, messages] of byPath) {
      const segments = pointer === '' ? [] : pointer.slice(1).split('/');
      const value = valueAt(object, segments);
      results.push(
        errorResult(
          `rendered with its defaults, ${String(object.kind)} ${name} fails the Kubernetes API schema: ${messages.join(' or ')}, got ${JSON.stringify(value)}`,
          where.subject,
          { path: joinPath(where.base, segments), currentValue: value },
        ),
      );
    }
  });
  return results;
}

function valueAt(value: unknown, segments: readonly string[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isPlainObject(current)) current = current[segment];
    else return undefined;
  }
  return current;
}

/** A template folder's manifest without the local-config mark would be applied, placeholders and all, by `kpt live apply`. */
function unmarkedManifests(template: TemplateDefinition): Result[] {
  if (template.origin === 'library' || !template.manifestItems) return [];
  const origin = template.origin;
  return template.manifestItems
    .filter((item) => item.annotations[LOCAL_CONFIG_ANNOTATION] !== 'true')
    .map((item) => {
      const subject: Subject = { resourceRef: origin.resourceRef };
      if (item.fileRef) subject.file = item.fileRef;
      return warningResult(
        `${item.kind} ${item.name} is a placeholder manifest of template ${templateLabel(template)} but is not marked ${LOCAL_CONFIG_ANNOTATION}: "true", so kpt live apply and Flux (kustomize) would apply it as it is; add the annotation`,
        subject,
        { path: 'metadata.annotations' },
      );
    });
}
