import type { KrmItem } from '@focom/krm-runtime';
import { dns1123SubdomainProblem, isPlainObject } from '@focom/krm-runtime';
import { type Result, errorResult, hasErrors, warningResult } from '@focom/krm-runtime';
import type { Dialect, FocomModel, Located, OCloud, ObjectRef, ProvisioningRequest, TemplateInfo } from './model';
import { unknownFieldResults } from './strict-fields';
import {
  FOCOM_GROUP,
  O2IMS_API_ANNOTATION,
  CLUSTER_REQUESTS_ANNOTATION,
  OCLOUD_KIND,
  REQUEST_KIND,
  TEMPLATE_INFO_KIND,
  UPSTREAM_PROVISIONING_GROUP,
} from './vocabulary';
import { o2imsApiProblem } from './o2ims-api';

/** Accepted kinds and the groups they may come from, in both dialects. */
const ACCEPTED: Record<string, readonly string[]> = {
  [OCLOUD_KIND]: [FOCOM_GROUP],
  [TEMPLATE_INFO_KIND]: [FOCOM_GROUP, UPSTREAM_PROVISIONING_GROUP],
  [REQUEST_KIND]: [FOCOM_GROUP],
};

export function isFocomKind(item: KrmItem, kind: string): boolean {
  return item.kind === kind && (ACCEPTED[kind] ?? []).includes(item.group);
}

/** One of the kinds the functions read, in an API group they do not: worth a warning, not silence. */
function unknownGroupWarning(item: KrmItem): Result | undefined {
  const groups = ACCEPTED[item.kind];
  if (groups === undefined || groups.includes(item.group)) return undefined;
  const accepted = groups.map((g) => `${g}/v1alpha1`).join(' or ');
  return warningResult(
    `${item.kind} of API group "${item.group || '(core)'}" is not read: the functions read ${item.kind} in ${accepted}, so nothing refers to this one`,
    item.subject,
    { path: 'apiVersion', currentValue: item.apiVersion },
  );
}

export interface ModelReading {
  model: FocomModel;
  results: Result[];
  /** Items with a field their CRD does not declare, reported as an error: a request among them is not valid. */
  unknownFieldErrors: Set<KrmItem>;
  /** Every FocomProvisioningRequest item, also those that could not be read. */
  requestItems: number;
}

/** Reads OClouds, TemplateInfos and requests of either dialect into one model. */
export function readFocomModel(items: readonly KrmItem[]): ModelReading {
  const model: FocomModel = { oclouds: [], templateInfos: [], requests: [] };
  const results: Result[] = [];
  const unknownFieldErrors = new Set<KrmItem>();
  let requestItems = 0;
  for (const item of items) {
    const problems: Result[] = [];
    let read: { dialect: Dialect } | undefined;
    if (isFocomKind(item, OCLOUD_KIND)) pushIf(model.oclouds, (read = readOCloud(item, problems)));
    else if (isFocomKind(item, TEMPLATE_INFO_KIND)) pushIf(model.templateInfos, (read = readTemplateInfo(item, problems)));
    else if (isFocomKind(item, REQUEST_KIND)) {
      requestItems += 1;
      pushIf(model.requests, (read = readRequest(item, problems)));
    } else pushIf(problems, unknownGroupWarning(item));
    const unknown = isFocomKind(item, item.kind) ? unknownFieldResults(item, read?.dialect ?? dialectOfFields(item)) : [];
    if (hasErrors(unknown)) unknownFieldErrors.add(item);
    results.push(...problems, ...unknown);
  }
  return { model, results, unknownFieldErrors, requestItems };
}

const UPSTREAM_REQUEST_FIELDS = ['oCloudId', 'oCloudNamespace', 'templateName', 'templateVersion', 'templateParameters'];

/** The dialect a request's fields speak when it could not be read (a missing field): its other problems are named in it. */
function dialectOfFields(item: KrmItem): Dialect | undefined {
  if (!isFocomKind(item, REQUEST_KIND)) return undefined;
  const s = spec(item);
  if (speaksSeed(s)) return 'seed';
  return UPSTREAM_REQUEST_FIELDS.some((field) => s[field] !== undefined) ? 'upstream' : undefined;
}

/** A request that sets either seed reference is read in the seed dialect. */
function speaksSeed(s: Record<string, unknown>): boolean {
  return s.templateRef !== undefined || s.ocloudRef !== undefined;
}

function pushIf<T>(list: T[], value: T | undefined): void {
  if (value !== undefined) list.push(value);
}

function spec(item: KrmItem): Record<string, unknown> {
  const value = item.object.spec;
  return isPlainObject(value) ? value : {};
}

function namespaceOf(item: KrmItem): string {
  return item.namespace ?? '';
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function readOCloud(item: KrmItem, problems: Result[]): OCloud {
  const s = spec(item);
  const ocloud: OCloud = { item, dialect: 'seed', name: item.name, namespace: namespaceOf(item) };
  const api = item.annotations[O2IMS_API_ANNOTATION];
  if (api !== undefined) {
    const problem = o2imsApiProblem(api);
    if (problem)
      problems.push(
        errorResult(`annotation ${O2IMS_API_ANNOTATION} ${problem}`, item.subject, { path: 'metadata.annotations', currentValue: api }),
      );
    else ocloud.o2imsApi = api;
  }
  const clusterRequests = item.annotations[CLUSTER_REQUESTS_ANNOTATION];
  if (clusterRequests !== undefined) {
    const names = clusterRequests
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    const bad = names.map((name) => ({ name, problem: dns1123SubdomainProblem(name) })).find((n) => n.problem);
    if (bad || names.length === 0)
      problems.push(
        errorResult(
          `annotation ${CLUSTER_REQUESTS_ANNOTATION} must list FocomProvisioningRequest names, comma-separated: ${
            bad ? `"${bad.name}" ${bad.problem}` : 'it lists none'
          }`,
          item.subject,
          { path: 'metadata.annotations', currentValue: clusterRequests },
        ),
      );
    else ocloud.clusterRequests = [...new Set(names)];
  }
  const endpoint = text(s.endpoint);
  if (endpoint) ocloud.endpoint = { value: endpoint, path: 'spec.endpoint' };
  const upstream = isPlainObject(s.o2imsSecret) ? s.o2imsSecret.secretRef : undefined;
  if (upstream !== undefined) {
    ocloud.dialect = 'upstream';
    const ref = readRef(upstream, 'spec.o2imsSecret.secretRef', ocloud.namespace);
    if (ref) ocloud.secretRef = { ...ref, key: 'kubeconfig' };
  } else {
    const ref = readRef(s.secretRef, 'spec.secretRef', ocloud.namespace);
    if (ref) ocloud.secretRef = { ...ref, key: 'kubeconfig' };
  }
  return ocloud;
}

function readRef(value: unknown, path: string, defaultNamespace: string): ObjectRef | undefined {
  if (!isPlainObject(value)) return undefined;
  const name = text(value.name);
  if (!name) return undefined;
  return { name, namespace: text(value.namespace) ?? defaultNamespace, path };
}

function readTemplateInfo(item: KrmItem, problems: Result[]): TemplateInfo | undefined {
  const s = spec(item);
  const base = { item, name: item.name, namespace: namespaceOf(item) };
  if (s.templateName !== undefined || s.templateParameterSchema !== undefined) {
    const templateName = located(s.templateName, 'spec.templateName', item, problems, 'the template name, e.g. ran-du');
    const templateVersion = located(s.templateVersion, 'spec.templateVersion', item, problems, 'the template version, e.g. v1.2.0');
    if (!templateName || !templateVersion) return undefined;
    const info: TemplateInfo = { ...base, dialect: 'upstream', templateName, templateVersion };
    if (typeof s.templateParameterSchema === 'string') {
      info.parameterSchema = { value: s.templateParameterSchema, path: 'spec.templateParameterSchema' };
    } else if (s.templateParameterSchema !== undefined) {
      problems.push(
        errorResult(`must be a string holding a JSON or YAML JSON Schema, got ${describeType(s.templateParameterSchema)}`, item.subject, {
          path: 'spec.templateParameterSchema',
        }),
      );
      return undefined;
    }
    return info;
  }
  const templateName = located(s.template, 'spec.template', item, problems, 'the name of a template, e.g. 5g-ran-du');
  if (!templateName) return undefined;
  const info: TemplateInfo = { ...base, dialect: 'seed', templateName };
  if (s.templateVersion !== undefined) {
    const templateVersion = located(
      s.templateVersion,
      'spec.templateVersion',
      item,
      problems,
      'the template version, e.g. v1.1.0, or left out',
    );
    if (!templateVersion) return undefined;
    info.templateVersion = templateVersion;
  }
  const parameters = parametersAt(s.parameters, 'spec.parameters', item, problems);
  if (parameters === null) return undefined;
  if (parameters) info.parameters = parameters;
  return info;
}

function readRequest(item: KrmItem, problems: Result[]): ProvisioningRequest | undefined {
  const s = spec(item);
  const namespace = namespaceOf(item);
  const base = { item, name: item.name, namespace };
  if (speaksSeed(s)) {
    const templateInfoRef = requiredRef(s.templateRef, 'spec.templateRef', namespace, item, problems, 'a TemplateInfo');
    const ocloudRef = requiredRef(s.ocloudRef, 'spec.ocloudRef', namespace, item, problems, 'an OCloud');
    const parameters = parametersAt(s.parameters, 'spec.parameters', item, problems);
    if (!templateInfoRef || !ocloudRef || parameters === null) return undefined;
    return { ...base, dialect: 'seed', templateInfoRef, ocloudRef, parameters: parameters ?? { value: {}, path: 'spec.parameters' } };
  }
  if (s.templateName === undefined && s.oCloudId === undefined) {
    problems.push(
      errorResult(
        'names no template: set spec.templateRef.name and spec.ocloudRef.name (seed dialect), or spec.oCloudId, spec.oCloudNamespace, spec.templateName, spec.templateVersion and spec.templateParameters (upstream dialect)',
        item.subject,
        { path: 'spec' },
      ),
    );
    return undefined;
  }
  // Every field upstream's CRD requires, each missing one reported, in one run.
  const oCloudId = located(s.oCloudId, 'spec.oCloudId', item, problems, 'the name of the OCloud');
  const oCloudNamespace = located(
    s.oCloudNamespace,
    'spec.oCloudNamespace',
    item,
    problems,
    "the OCloud's namespace, which upstream's CRD requires",
  );
  const templateName = located(s.templateName, 'spec.templateName', item, problems, 'the template name');
  const templateVersion = located(s.templateVersion, 'spec.templateVersion', item, problems, 'the template version');
  const parameters = parametersAt(s.templateParameters, 'spec.templateParameters', item, problems);
  if (parameters === undefined)
    problems.push(
      errorResult(
        "must be a mapping of parameter names to values, which upstream's CRD requires ({} when the template takes none); it is not set",
        item.subject,
        { path: 'spec.templateParameters' },
      ),
    );
  if (!templateName || !templateVersion || !oCloudId || !oCloudNamespace || !parameters) return undefined;
  const request: ProvisioningRequest = {
    ...base,
    dialect: 'upstream',
    templateName,
    templateVersion,
    templateInfoRef: { name: `${templateName.value}-${templateVersion.value}`, namespace, path: 'spec.templateName' },
    ocloudRef: { name: oCloudId.value, namespace: oCloudNamespace.value, path: 'spec.oCloudId' },
    parameters,
  };
  const displayName = text(s.name);
  if (displayName) request.displayName = displayName;
  const description = text(s.description);
  if (description) request.description = description;
  return request;
}

function located(value: unknown, path: string, item: KrmItem, problems: Result[], what: string): Located<string> | undefined {
  const found = text(value);
  if (found) return { value: found, path };
  const got = value === undefined ? 'it is not set' : `got ${JSON.stringify(value)}`;
  problems.push(errorResult(`must be ${what}; ${got}`, item.subject, { path }));
  return undefined;
}

function requiredRef(
  value: unknown,
  path: string,
  namespace: string,
  item: KrmItem,
  problems: Result[],
  what: string,
): ObjectRef | undefined {
  const ref = readRef(value, path, namespace);
  if (ref) return ref;
  problems.push(errorResult(`must name ${what}; it is not set`, item.subject, { path: `${path}.name` }));
  return undefined;
}

/** undefined: not set; null: set but not a mapping (already reported). */
function parametersAt(
  value: unknown,
  path: string,
  item: KrmItem,
  problems: Result[],
): Located<Record<string, unknown>> | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (isPlainObject(value)) return { value, path };
  problems.push(
    errorResult(`must be a mapping of parameter names to values, got ${describeType(value)}`, item.subject, {
      path,
      currentValue: value,
    }),
  );
  return null;
}

export function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
