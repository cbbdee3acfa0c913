import type { KrmItem } from '../krm-item';
import { type Result, errorResult, warningResult } from '../results';
import { type FocomModel, type OCloud, type ProvisioningRequest, type TemplateInfo } from './model';
import { hasPath, mergeParameters, schemaDefaults } from './parameters';
import { compareCodePoints } from './order';
import { readFocomModel } from './read-model';
import { type CompiledSchema, compileSchema, parseSchemaText } from './schema-compiler';
import { describeViolations, fieldPath, type Violation } from './schema-messages';
import { type TemplateDefinition, templateFromSpec } from './template';
import { templateLibrary } from './template-library';
import type { UnknownTemplatePolicy } from './unknown-template-config';
import { FOCOM_GROUP, TEMPLATE_KIND } from './vocabulary';

export interface CheckOptions {
  /** What a seed-dialect TemplateInfo naming a template outside the library is. */
  unknownTemplate: UnknownTemplatePolicy;
  /** The built-in templates; defaults to the bundled library. */
  library?: ReadonlyMap<string, TemplateDefinition>;
}

/** What a TemplateInfo resolved to. */
export interface TemplateInfoCheck {
  templateInfo: TemplateInfo;
  /** The template whose manifests requests expand to; undefined for a template outside the library. */
  template?: TemplateDefinition;
  schemas: CompiledSchema[];
  /** False when a schema could not be read or compiled: its requests cannot be checked. */
  usable: boolean;
}

/** A request after resolution and validation. */
export interface RequestCheck {
  request: ProvisioningRequest;
  templateInfo?: TemplateInfoCheck;
  ocloud?: OCloud;
  /** Effective parameters: schema defaults, then TemplateInfo, then request. */
  parameters: Record<string, unknown>;
  /** True when the request may be expanded: resolved, and its parameters pass every schema. */
  valid: boolean;
}

export interface PackageCheck {
  model: FocomModel;
  templateInfos: TemplateInfoCheck[];
  requests: RequestCheck[];
  results: Result[];
}

/**
 * The validation shared by every function: reads both dialects, resolves every request's
 * TemplateInfo and OCloud, and checks every parameter against the template's JSON Schema.
 */
export function checkPackage(items: readonly KrmItem[], options: CheckOptions): PackageCheck {
  const { model, results } = readFocomModel(items);
  const templates = new Map(options.library ?? templateLibrary());
  for (const local of readLocalTemplates(items, results)) templates.set(local.name, local);

  const templateInfos = model.templateInfos.map((info) => checkTemplateInfo(info, templates, options, results));
  const infoIndex = indexByName(templateInfos, (c) => c.templateInfo, results, 'TemplateInfo');
  const ocloudIndex = indexByName(model.oclouds, (o) => o, results, 'OCloud');
  // A second request of the same namespace and name would write the same generated folder and
  // Kptfile condition as the first: it is reported and left out.
  const distinct = [...indexByName(model.requests, (r) => r, results, 'FocomProvisioningRequest').values()];
  const requests = distinct.map((request) => checkRequest(request, infoIndex, ocloudIndex, results));
  return { model, templateInfos, requests, results };
}

function readLocalTemplates(items: readonly KrmItem[], results: Result[]): TemplateDefinition[] {
  const out: TemplateDefinition[] = [];
  for (const item of items) {
    if (item.kind !== TEMPLATE_KIND || item.group !== FOCOM_GROUP) continue;
    const template = templateFromSpec(item.object.spec, undefined, item);
    if (template.ok) out.push(template.value);
    else results.push(errorResult(`FocomTemplate ${template.reason}`, item.subject, { path: 'spec' }));
  }
  return out;
}

function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function describeRef(namespace: string, name: string): string {
  return namespace ? `"${name}" in namespace "${namespace}"` : `"${name}" (no namespace)`;
}

function consequence(kind: string): string {
  return kind === 'FocomProvisioningRequest'
    ? 'only the first is expanded, as both would write the same generated folder'
    : 'references to it are ambiguous';
}

function indexByName<T>(
  list: readonly T[],
  object: (t: T) => { name: string; namespace: string; item: KrmItem },
  results: Result[],
  kind: string,
): Map<string, T> {
  const index = new Map<string, T>();
  for (const entry of list) {
    const o = object(entry);
    const k = key(o.namespace, o.name);
    const first = index.get(k);
    if (first !== undefined) {
      const where = object(first).item.fileRef?.path;
      results.push(
        errorResult(
          `${kind} ${describeRef(o.namespace, o.name)} is declared twice${where ? ` (first in ${where})` : ''}; ${consequence(kind)}`,
          o.item.subject,
          { path: 'metadata.name' },
        ),
      );
      continue;
    }
    index.set(k, entry);
  }
  return index;
}

function checkTemplateInfo(
  info: TemplateInfo,
  templates: ReadonlyMap<string, TemplateDefinition>,
  options: CheckOptions,
  results: Result[],
): TemplateInfoCheck {
  const check: TemplateInfoCheck = { templateInfo: info, schemas: [], usable: true };
  const template = templates.get(info.templateName.value);
  if (template) check.template = template;
  const subject = info.item.subject;

  if (info.parameterSchema) {
    const parsed = parseSchemaText(info.parameterSchema.value);
    const compiled = parsed.ok ? compileSchema(parsed.value) : parsed;
    if (compiled.ok) check.schemas.push(compiled.value);
    else {
      results.push(errorResult(`${info.parameterSchema.path}: ${compiled.reason}`, subject, { path: info.parameterSchema.path }));
      check.usable = false;
    }
  } else if (!template) {
    const known = [...templates.keys()].sort(compareCodePoints).join(', ');
    const message = `${info.templateName.path} names template "${info.templateName.value}", which is neither in the template library (${known}) nor a FocomTemplate in the package; its parameters are not checked and its requests become O2IMS ProvisioningRequests`;
    results.push(
      options.unknownTemplate === 'error'
        ? errorResult(message, subject, { path: info.templateName.path, currentValue: info.templateName.value })
        : warningResult(message, subject, { path: info.templateName.path, currentValue: info.templateName.value }),
    );
    if (options.unknownTemplate === 'error') check.usable = false;
  }
  if (template) {
    const compiled = compileSchema(template.parameterSchema);
    if (compiled.ok) check.schemas.push(compiled.value);
    else {
      results.push(
        errorResult(`template "${template.name}" has a parameter schema that ${compiled.reason.replace(/^the schema /, '')}`, subject, {
          path: info.templateName.path,
        }),
      );
      check.usable = false;
    }
  }

  if (info.parameters && check.usable) {
    for (const violation of violationsOf(check.schemas, info.parameters.value, true)) {
      const path = fieldPath(info.parameters.path, violation.segments);
      const field = violation.hasValue ? { path, currentValue: violation.value } : { path };
      results.push(errorResult(`${path} ${violation.problem}`, subject, field));
    }
  }
  return check;
}

function violationsOf(schemas: readonly CompiledSchema[], data: unknown, partial: boolean): Violation[] {
  const out: Violation[] = [];
  for (const { validate } of schemas) {
    if (!validate(data)) out.push(...describeViolations(validate.errors ?? [], partial));
  }
  return out;
}

function checkRequest(
  request: ProvisioningRequest,
  infos: Map<string, TemplateInfoCheck>,
  oclouds: Map<string, OCloud>,
  results: Result[],
): RequestCheck {
  const subject = request.item.subject;
  const check: RequestCheck = { request, parameters: request.parameters.value, valid: true };
  const fail = (message: string, path: string, currentValue?: unknown): void => {
    results.push(errorResult(message, subject, currentValue === undefined ? { path } : { path, currentValue }));
    check.valid = false;
  };

  const ref = request.templateInfoRef;
  const info = infos.get(key(ref.namespace, ref.name));
  if (!info) {
    if (request.dialect === 'upstream') {
      fail(
        `no TemplateInfo named ${describeRef(ref.namespace, ref.name)} (spec.templateName-spec.templateVersion) is in the package`,
        ref.path,
        ref.name,
      );
    } else
      fail(
        `${ref.path}.name names TemplateInfo ${describeRef(ref.namespace, ref.name)}, which is not in the package`,
        `${ref.path}.name`,
        ref.name,
      );
  } else {
    check.templateInfo = info;
    mismatch(request, info.templateInfo, fail);
  }

  const ocloudRef = request.ocloudRef;
  const ocloud = oclouds.get(key(ocloudRef.namespace, ocloudRef.name));
  if (ocloud) check.ocloud = ocloud;
  else {
    const path = request.dialect === 'seed' ? `${ocloudRef.path}.name` : ocloudRef.path;
    fail(`${path} names OCloud ${describeRef(ocloudRef.namespace, ocloudRef.name)}, which is not in the package`, path, ocloudRef.name);
  }

  if (!info || !info.usable) {
    if (info) check.valid = false;
    return check;
  }
  const defaults = mergeParameters(...info.schemas.map((s) => schemaDefaults(s.schema)));
  const inherited = info.templateInfo.parameters?.value;
  check.parameters = mergeParameters(defaults, inherited, request.parameters.value);
  for (const violation of violationsOf(info.schemas, check.parameters, false)) {
    const path = fieldPath(request.parameters.path, violation.segments);
    fail(
      `${path} ${violation.problem}${provenance(violation, request, info.templateInfo)}`,
      path,
      violation.hasValue ? violation.value : undefined,
    );
  }
  return check;
}

/** Upstream resolves by `<templateName>-<templateVersion>` and rejects a TemplateInfo that says otherwise. */
function mismatch(request: ProvisioningRequest, info: TemplateInfo, fail: (m: string, p: string, v?: unknown) => void): void {
  if (request.dialect !== 'upstream' || !request.templateName || !request.templateVersion) return;
  if (info.templateName.value !== request.templateName.value) {
    fail(
      `spec.templateName is "${request.templateName.value}" but TemplateInfo "${info.name}" has templateName "${info.templateName.value}"`,
      'spec.templateName',
      request.templateName.value,
    );
  }
  const version = info.templateVersion?.value;
  if (version !== undefined && version !== request.templateVersion.value) {
    fail(
      `spec.templateVersion is "${request.templateVersion.value}" but TemplateInfo "${info.name}" has templateVersion "${version}"`,
      'spec.templateVersion',
      request.templateVersion.value,
    );
  }
}

function provenance(violation: Violation, request: ProvisioningRequest, info: TemplateInfo): string {
  if (!violation.hasValue || hasPath(request.parameters.value, violation.segments)) return '';
  if (info.parameters && hasPath(info.parameters.value, violation.segments)) {
    const where = fieldPath(info.parameters.path, violation.segments);
    return ` (inherited from TemplateInfo "${info.name}" ${where}; set it in the request to override)`;
  }
  return " (the default of the template's parameter schema)";
}
