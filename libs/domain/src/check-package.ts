import type { KrmItem } from '@focom/krm-runtime';
import { type Result, errorResult, warningResult } from '@focom/krm-runtime';
import { type RenderRecord, readRenderRecords } from './generated-record';
import { requestDir } from './generated-layout';
import { checkDerivedNames, monitoringNameProblem } from './derived-names';
import { type FocomModel, type OCloud, type ProvisioningRequest, type TemplateInfo } from './model';
import { hasPath, mergeParameters, schemaDefaults } from './parameters';
import { readPackageTemplates } from './package-templates';
import { readFocomModel } from './read-model';
import { type CompiledSchema, compileSchema, parseSchemaText } from './schema-compiler';
import { describeUnknownKeyword, describeViolations, fieldPath, type Violation } from './schema-messages';
import { type TemplateDefinition, parseTemplateLabel, templateLabel } from './template';
import { describeRef, missingUpstreamInfo, mismatch } from './upstream-lookup';
import { TemplateCatalog, describeVersions } from './template-catalog';
import { templateLibrary } from './template-library';
import { type ClusterTemplate, readClusterTemplates } from './cluster-templates';
import { CLCM_API_VERSION } from './vocabulary';
import { type ResolvedTemplate, type TemplateChange, resolveVersion, templateChange } from './template-resolution';
import type { UnknownTemplatePolicy } from './unknown-template-config';

export interface CheckOptions {
  /** What a seed-dialect TemplateInfo naming a template outside the library is. */
  unknownTemplate: UnknownTemplatePolicy;
  /** The built-in templates; defaults to the bundled library. */
  library?: Iterable<TemplateDefinition>;
  /**
   * The version the SLO gate rolls a request back to, if any (`<name>@<version>`), given the one
   * it resolved to; only expand asks, so that what it renders and the gate inject writes agree.
   */
  rollbackTo?: (request: { name: string; namespace: string }, resolved: string) => string | undefined;
}

/** What a TemplateInfo resolved to. */
export interface TemplateInfoCheck {
  templateInfo: TemplateInfo;
  /** The schema the TemplateInfo itself carries (upstream's schema string), compiled. */
  schemas: CompiledSchema[];
  /** Whether the library or the package has a template of this name. */
  known: boolean;
  /** The version it names, when it names one that exists. */
  named?: TemplateDefinition;
  /** False when its schema could not be read or its template version does not exist: its requests cannot be checked. */
  usable: boolean;
}

/** A request after resolution and validation. */
export interface RequestCheck {
  request: ProvisioningRequest;
  templateInfo?: TemplateInfoCheck;
  ocloud?: OCloud;
  /** The template and version it renders with; undefined for a template outside the library. */
  resolved?: ResolvedTemplate;
  /** `<name>@<version>` it renders with, for a template outside the library too (`<name>` without a version). */
  label?: string;
  /** The last change of its template version: made by this render (`now`) or on record. */
  change?: TemplateChange;
  /** Effective parameters: schema defaults, then TemplateInfo, then request. */
  parameters: Record<string, unknown>;
  /** True when the request may be expanded: resolved, and its parameters pass every schema. */
  valid: boolean;
}

export interface PackageCheck {
  model: FocomModel;
  catalog: TemplateCatalog;
  /** The package's own templates (FocomTemplates, inline or template folders). */
  packageTemplates: TemplateDefinition[];
  templateInfos: TemplateInfoCheck[];
  requests: RequestCheck[];
  /** Every FocomProvisioningRequest of the package, also those that could not be read or were left out. */
  requestCount: number;
  results: Result[];
  /** The errors of names that cannot name what is derived from them (also in `results`). */
  nameResults: Result[];
}

/**
 * The validation shared by every function: reads both dialects and the package's templates,
 * resolves every request's TemplateInfo, OCloud and template version, and checks every parameter
 * against the template's JSON Schema.
 */
export function checkPackage(items: readonly KrmItem[], options: CheckOptions): PackageCheck {
  const { model, results, unknownFieldErrors, requestItems } = readFocomModel(items);
  // Names that cannot name what the functions derive from them: reported here, once per render.
  const names = checkDerivedNames(model);
  results.push(...names.results);
  const local = readPackageTemplates(items);
  results.push(...local.results);
  const catalog = new TemplateCatalog(options.library ?? templateLibrary().values(), local.templates);
  const records = readRenderRecords(items);
  const checker = new Checker(catalog, options);
  const clusterTemplates = readClusterTemplates(items);
  results.push(...clusterTemplates.results);
  checker.clusterTemplates = clusterTemplates.templates;

  const templateInfos = model.templateInfos.map((info) => checker.checkTemplateInfo(info));
  const duplicates: Result[] = [];
  const infoIndex = indexByName(templateInfos, (c) => c.templateInfo, duplicates, 'TemplateInfo');
  const ocloudIndex = indexByName(model.oclouds, (o) => o, duplicates, 'OCloud');
  // A second request of the same namespace and name would write the same generated folder and
  // Kptfile condition as the first: it is reported and left out.
  const distinct = oneRequestPerName(
    [...indexByName(model.requests, (r) => r, duplicates, 'FocomProvisioningRequest').values()].filter(
      (r) => !names.unusableRequests.has(r),
    ),
    duplicates,
  );
  const requests = distinct.map((request) =>
    checker.checkRequest(request, infoIndex, ocloudIndex, records.get(requestDir(request)), model.templateInfos),
  );
  // A request with a field its CRD does not declare would render without that field's value.
  for (const check of requests) if (unknownFieldErrors.has(check.request.item)) check.valid = false;
  for (const request of requests)
    if (
      (request.ocloud && names.unusableOClouds.has(request.ocloud)) ||
      (request.templateInfo && names.unusableTemplateInfos.has(request.templateInfo.templateInfo))
    )
      request.valid = false;
  for (const info of templateInfos) checker.checkTemplateInfoParameters(info, requests);
  results.push(...checker.infoResults(templateInfos), ...duplicates, ...checker.requestResults);
  return {
    model,
    catalog,
    packageTemplates: local.templates,
    templateInfos,
    requests,
    requestCount: requestItems,
    results,
    nameResults: names.results,
  };
}

/**
 * The Kptfile's readiness conditions and SLO gate records are named by request name alone (as
 * Nephio names them), so two requests of one name in different namespaces would share them and
 * overwrite each other's verdict: the second is reported and left out, as a duplicate is.
 */
function oneRequestPerName(requests: readonly ProvisioningRequest[], results: Result[]): ProvisioningRequest[] {
  const byName = new Map<string, ProvisioningRequest>();
  const kept: ProvisioningRequest[] = [];
  for (const request of requests) {
    const first = byName.get(request.name);
    if (first === undefined) {
      byName.set(request.name, request);
      kept.push(request);
      continue;
    }
    results.push(
      errorResult(
        `has the name of FocomProvisioningRequest ${describeRef(first.namespace, first.name)}; the Kptfile's readiness conditions are named by request name, so the two would share one: only the first is expanded, rename one`,
        request.item.subject,
        { path: 'metadata.name', currentValue: request.name },
      ),
    );
  }
  return kept;
}

function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
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

function violationsOf(schemas: readonly CompiledSchema[], data: unknown, partial: boolean): Violation[] {
  const out: Violation[] = [];
  for (const { validate } of schemas) {
    if (!validate(data)) out.push(...describeViolations(validate.errors ?? [], partial));
  }
  return out;
}

/** A problem of a TemplateInfo's value found through its requests: reported once, on the TemplateInfo, naming the requests it stops. */
interface InheritedProblem {
  path: string;
  message: string;
  value?: { currentValue: unknown };
  requests: string[];
}

/** Holds the results of one check while they are gathered, so they come out grouped by object. */
class Checker {
  readonly requestResults: Result[] = [];
  private readonly perInfo = new Map<TemplateInfo, Result[]>();
  private readonly inherited = new Map<TemplateInfo, Map<string, InheritedProblem>>();
  private readonly templateSchemas = new Map<string, CompiledSchema | undefined>();
  /** oran-o2ims's ClusterTemplates of the package, by name. */
  clusterTemplates = new Map<string, ClusterTemplate>();

  constructor(
    private readonly catalog: TemplateCatalog,
    private readonly options: CheckOptions,
  ) {}

  private report(info: TemplateInfo, result: Result): void {
    const list = this.perInfo.get(info);
    if (list) list.push(result);
    else this.perInfo.set(info, [result]);
  }

  /** The results of each TemplateInfo, in package order. */
  infoResults(checks: readonly TemplateInfoCheck[]): Result[] {
    return checks.flatMap(({ templateInfo }) => this.perInfo.get(templateInfo) ?? []);
  }

  checkTemplateInfo(info: TemplateInfo): TemplateInfoCheck {
    const name = info.templateName.value;
    const check: TemplateInfoCheck = { templateInfo: info, schemas: [], known: this.catalog.has(name), usable: true };
    const subject = info.item.subject;
    if (info.parameterSchema) {
      const parsed = parseSchemaText(info.parameterSchema.value);
      const compiled = parsed.ok ? compileSchema(parsed.value) : parsed;
      if (compiled.ok) {
        check.schemas.push(compiled.value);
        for (const unknown of compiled.value.unknownKeywords) {
          this.report(info, warningResult(describeUnknownKeyword(unknown), subject, { path: info.parameterSchema.path }));
        }
      } else {
        this.report(info, errorResult(compiled.reason, subject, { path: info.parameterSchema.path }));
        check.usable = false;
      }
    } else if (info.dialect === 'upstream' && check.known) {
      this.report(
        info,
        warningResult(
          `is not set, though upstream's TemplateInfo CRD requires it (an API server with that CRD rejects this TemplateInfo); its requests' parameters are checked against template ${name}'s own schema`,
          subject,
          { path: 'spec.templateParameterSchema' },
        ),
      );
    } else if (!check.known) {
      const known = this.catalog.names().join(', ');
      const upstream = info.dialect === 'upstream';
      // An upstream TemplateInfo carries its schema: without it, the missing field is the problem to name.
      const message = upstream
        ? `is not set, though upstream's TemplateInfo CRD requires it: the parameters of its requests are not checked, and template "${name}" is neither in the template library (${known}) nor a FocomTemplate in the package, so its requests become O2IMS ProvisioningRequests`
        : `names template "${name}", which is neither in the template library (${known}) nor a FocomTemplate in the package; its parameters are not checked and its requests become O2IMS ProvisioningRequests`;
      const field = upstream ? { path: 'spec.templateParameterSchema' } : { path: info.templateName.path, currentValue: name };
      this.report(
        info,
        this.options.unknownTemplate === 'error' ? errorResult(message, subject, field) : warningResult(message, subject, field),
      );
      if (this.options.unknownTemplate === 'error') check.usable = false;
    }
    const version = info.templateVersion;
    if (check.known && version) {
      const named = this.catalog.get(name, version.value);
      if (named) check.named = named;
      else {
        this.report(
          info,
          errorResult(
            `names version "${version.value}" of template ${name}, which neither the template library nor the package holds; they hold ${describeVersions(this.catalog.versions(name))}`,
            subject,
            { path: version.path, currentValue: version.value },
          ),
        );
        check.usable = false;
      }
    }
    return check;
  }

  /** The template's own schema, compiled once per template; a schema that does not compile is reported on the TemplateInfo. */
  private templateSchema(template: TemplateDefinition, info: TemplateInfo): CompiledSchema | undefined {
    const label = templateLabel(template);
    if (!this.templateSchemas.has(label)) {
      const compiled = compileSchema(template.parameterSchema);
      this.templateSchemas.set(label, compiled.ok ? compiled.value : undefined);
      if (!compiled.ok) {
        this.report(
          info,
          errorResult(`template ${label} has a parameter schema that ${compiled.reason.replace(/^the schema /, '')}`, info.item.subject, {
            path: info.templateName.path,
          }),
        );
      }
    }
    return this.templateSchemas.get(label);
  }

  checkRequest(
    request: ProvisioningRequest,
    infos: Map<string, TemplateInfoCheck>,
    oclouds: Map<string, OCloud>,
    record: RenderRecord | undefined,
    allInfos: readonly TemplateInfo[],
  ): RequestCheck {
    const subject = request.item.subject;
    const check: RequestCheck = { request, parameters: request.parameters.value, valid: true };
    const fail = (message: string, path?: string, currentValue?: unknown): void => {
      const field = path === undefined ? undefined : currentValue === undefined ? { path } : { path, currentValue };
      this.requestResults.push(errorResult(message, subject, field));
      check.valid = false;
    };

    const ref = request.templateInfoRef;
    const info = infos.get(key(ref.namespace, ref.name));
    if (!info) {
      if (request.dialect === 'upstream') fail(missingUpstreamInfo(request, allInfos), ref.path, ref.name);
      else fail(`names TemplateInfo ${describeRef(ref.namespace, ref.name)}, which is not in the package`, `${ref.path}.name`, ref.name);
    } else {
      check.templateInfo = info;
      mismatch(request, info.templateInfo, fail);
    }

    const ocloudRef = request.ocloudRef;
    const ocloud = oclouds.get(key(ocloudRef.namespace, ocloudRef.name));
    if (ocloud) check.ocloud = ocloud;
    else {
      const path = request.dialect === 'seed' ? `${ocloudRef.path}.name` : ocloudRef.path;
      fail(`names OCloud ${describeRef(ocloudRef.namespace, ocloudRef.name)}, which is not in the package`, path, ocloudRef.name);
    }

    if (!info || !info.usable) {
      if (info) check.valid = false;
      return check;
    }
    const schemas = [...info.schemas];
    const templateInfo = info.templateInfo;
    let clusterTemplate: ClusterTemplate | undefined;
    if (info.known) {
      const howToName = `set spec.templateVersion of TemplateInfo "${templateInfo.name}"`;
      const resolved = resolveVersion(this.catalog, templateInfo.templateName.value, info.named, record, howToName);
      if (!resolved.ok) {
        fail(resolved.reason);
        return check;
      }
      check.resolved = resolved.value;
      check.label = templateLabel(resolved.value.template);
      const back = this.rolledBack(request, check.label);
      if (back) {
        check.resolved = { template: back, how: 'rolled-back', rolledBackFrom: check.label };
        check.label = templateLabel(back);
      }
      const schema = this.templateSchema(resolved.value.template, templateInfo);
      if (!schema) {
        check.valid = false;
        return check;
      }
      schemas.push(schema);
      const tooLong = monitoringNameProblem(request.name, check.resolved.template);
      if (tooLong) fail(tooLong, 'metadata.name', request.name);
    } else {
      const name = request.templateName?.value ?? templateInfo.templateName.value;
      const version = request.templateVersion?.value ?? templateInfo.templateVersion?.value;
      check.label = version ? `${name}@${version}` : name;
      // oran-o2ims checks the parameters against ClusterTemplate <name>.<version>: so does the package, when it holds it.
      clusterTemplate = ocloud?.o2imsApi === CLCM_API_VERSION && version ? this.clusterTemplates.get(`${name}.${version}`) : undefined;
    }
    const change = templateChange(record, check.label);
    if (change) check.change = change;

    const defaults = mergeParameters(...schemas.map((s) => schemaDefaults(s.schema)));
    const inherited = templateInfo.parameters?.value;
    check.parameters = mergeParameters(defaults, inherited, request.parameters.value);
    for (const violation of violationsOf(schemas, check.parameters, false)) {
      const path = fieldPath(request.parameters.path, violation.segments);
      if (!violation.hasValue || hasPath(request.parameters.value, violation.segments)) {
        fail(violation.problem, path, violation.hasValue ? violation.value : undefined);
        continue;
      }
      // The value is not the request's: report it where it comes from, once, naming the request.
      check.valid = false;
      this.inheritedProblem(templateInfo, violation, check, request.name);
    }
    if (clusterTemplate?.schema) {
      const where = `ClusterTemplate ${clusterTemplate.namespace ? `${clusterTemplate.namespace}/` : ''}${clusterTemplate.name}`;
      for (const violation of violationsOf([clusterTemplate.schema], check.parameters, false)) {
        const path = fieldPath(request.parameters.path, violation.segments);
        fail(
          `${violation.problem} (the templateParameterSchema of ${where}, which oran-o2ims checks it against)`,
          path,
          violation.hasValue ? violation.value : undefined,
        );
      }
    }
    return check;
  }

  /** The template the SLO gate rolls this request back to, when it is one the package or the library holds. */
  private rolledBack(request: ProvisioningRequest, label: string): TemplateDefinition | undefined {
    const target = this.options.rollbackTo?.({ name: request.name, namespace: request.namespace }, label);
    if (target === undefined || target === label) return undefined;
    const { name, version } = parseTemplateLabel(target);
    return version === undefined ? undefined : this.catalog.get(name, version);
  }

  private inheritedProblem(info: TemplateInfo, violation: Violation, check: RequestCheck, requestName: string): void {
    let path: string;
    let message: string;
    if (info.parameters && hasPath(info.parameters.value, violation.segments)) {
      path = fieldPath(info.parameters.path, violation.segments);
      message = violation.problem;
    } else {
      path = info.parameterSchema?.path ?? info.templateName.path;
      const parameter = violation.segments.join('.');
      const owner = check.label ? `template ${check.label}` : 'the template';
      message = `the default of parameter "${parameter}" (from ${owner}) ${violation.problem}; set ${parameter} in the TemplateInfo or the request`;
    }
    const problems = this.inherited.get(info) ?? new Map<string, InheritedProblem>();
    this.inherited.set(info, problems);
    const k = `${path}|${message}`;
    const existing = problems.get(k);
    if (existing) {
      if (!existing.requests.includes(requestName)) existing.requests.push(requestName);
      return;
    }
    const problem: InheritedProblem = { path, message, requests: [requestName] };
    if (violation.hasValue) problem.value = { currentValue: violation.value };
    problems.set(k, problem);
  }

  /**
   * A TemplateInfo's own parameters, against the schema of every template version its requests
   * render with (or, with no request, the version it names or the newest release). Values only:
   * a required parameter may be left to the requests.
   */
  checkTemplateInfoParameters(check: TemplateInfoCheck, requests: readonly RequestCheck[]): void {
    const info = check.templateInfo;
    if (!check.usable) return;
    const templates = new Map<string, TemplateDefinition>();
    for (const r of requests)
      if (r.templateInfo === check && r.resolved) templates.set(templateLabel(r.resolved.template), r.resolved.template);
    if (templates.size === 0 && check.known) {
      const own = check.named ?? this.catalog.newestRelease(info.templateName.value);
      if (own) templates.set(templateLabel(own), own);
    }
    const schemaSets: CompiledSchema[][] = [];
    if (templates.size === 0) schemaSets.push(check.schemas);
    for (const template of templates.values()) {
      const schema = this.templateSchema(template, info);
      if (schema) schemaSets.push([...check.schemas, schema]);
    }
    const own = new Map<string, Result>();
    if (info.parameters) {
      for (const schemas of schemaSets) {
        for (const violation of violationsOf(schemas, info.parameters.value, true)) {
          const path = fieldPath(info.parameters.path, violation.segments);
          const k = `${path}|${violation.problem}`;
          if (own.has(k)) continue;
          const field = violation.hasValue ? { path, currentValue: violation.value } : { path };
          const result = errorResult(violation.problem, info.item.subject, field);
          own.set(k, result);
          this.report(info, result);
        }
      }
    }
    // What its requests found in values they inherit: on the result above when there is one.
    for (const [k, problem] of this.inherited.get(info) ?? []) {
      const names = problem.requests.map((r) => `"${r}"`).join(', ');
      const stops = ` (inherited by ${problem.requests.length === 1 ? 'request' : 'requests'} ${names}, not expanded until it is fixed here or set in the request)`;
      const result = own.get(k);
      if (result) result.message += stops;
      else this.report(info, errorResult(problem.message + stops, info.item.subject, { path: problem.path, ...problem.value }));
    }
  }
}
