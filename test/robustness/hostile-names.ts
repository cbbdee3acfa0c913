/**
 * Hostile names for requests, OClouds and templates, a site package that uses them, and the
 * check that everything a render writes carries names Kubernetes accepts (by the rules of
 * libs/krm-runtime/src/kubernetes-names.ts).
 */
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import {
  conditionTypeProblem,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  labelValueProblem,
  qualifiedNameProblem,
} from '@focom/krm-runtime';

const NASTY = [
  'édge-5g-déploiement',
  '🚀-site',
  'a/b',
  '../etc',
  '..',
  '.',
  "it's",
  '"quoted"',
  '{braces}',
  '{{ .Values.name }}',
  '${namespace}',
  'up{job="x"} or vector(1)',
  '0123',
  '-lead',
  'trail-',
  'UPPER',
  'dot.ted.name',
  'a..b',
  'x_y',
  ' spaced ',
  'new\nline',
  '',
];

const LONG_CHARS = fc.constantFrom('a', 'b', 'z', '0', '9', '-', '.', '/', 'é', 'A', '_');

/** Names in Kubernetes' alphabet, 1 to 300 characters: valid, too long, or ending badly. */
const lengthyName = fc
  .tuple(fc.integer({ min: 1, max: 300 }), fc.constantFrom('a', 'x', 's'), fc.constantFrom('', '-', '.', '9'))
  .map(([length, fill, end]) => `${'site-'.repeat(Math.ceil(length / 5)).slice(0, length - 1)}${fill}${end}`);

/** A request, OCloud or template name from the hostile alphabet. */
export const hostileName: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom('edge', 'site-a', '5g-upf'), weight: 2 },
  { arbitrary: fc.constantFrom(...NASTY), weight: 3 },
  { arbitrary: lengthyName, weight: 4 },
  { arbitrary: fc.string({ unit: LONG_CHARS, minLength: 1, maxLength: 300 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }), weight: 1 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...NASTY), fc.integer({ min: 64, max: 300 }))
      .map(([n, length]) => `${n}${'x'.repeat(length)}`.slice(0, length)),
    weight: 1,
  },
);

export interface SiteNames {
  request: string;
  requestNamespace: string;
  ocloud: string;
  templateInfo: string;
  /** The template the TemplateInfo names: a library one, or a hostile one. */
  template: string;
  delivery: 'flux' | 'argocd' | 'none';
  /** The upstream dialect (oCloudId, templateName and templateVersion) instead of the seed's. */
  upstream?: boolean;
}

/** A valid DNS-1123 subdomain of 1 to 253 characters (long ones are shortened in label values). */
const validName = fc.integer({ min: 1, max: 253 }).map((length) => `${'site.a-'.repeat(Math.ceil(length / 7)).slice(0, length - 1)}z`);

/** Mostly valid, so that some packages render and the written names are checked. */
const sometimesHostile = fc.oneof({ arbitrary: validName, weight: 3 }, { arbitrary: hostileName, weight: 1 });

export const siteNames: fc.Arbitrary<SiteNames> = fc.record({
  request: sometimesHostile,
  requestNamespace: fc.oneof({ arbitrary: fc.constantFrom('smo', 'o2ims'), weight: 4 }, hostileName),
  ocloud: sometimesHostile,
  templateInfo: sometimesHostile,
  template: fc.oneof({ arbitrary: fc.constantFrom('5g-upf', '5g-ran-du'), weight: 3 }, hostileName),
  delivery: fc.constantFrom('flux', 'argocd', 'none'),
  upstream: fc.boolean(),
});

function withPath<T extends { metadata: Record<string, unknown> }>(object: T, path: string): T {
  object.metadata.annotations = { 'config.kubernetes.io/path': path, 'internal.config.kubernetes.io/path': path };
  return object;
}

/** A ResourceList of one site whose request, OCloud and template carry the given names. */
export function sitePackage(names: SiteNames): string {
  const ns = names.requestNamespace;
  const parameters: Record<string, string> = names.template === '5g-ran-du' ? { namespace: 'ran' } : { namespace: 'upf', dnn: 'internet' };
  if (names.upstream) return resourceList(upstreamSite(names, parameters), names.delivery);
  const items = [
    withPath({ apiVersion: 'kpt.dev/v1', kind: 'Kptfile', metadata: { name: 'site' } }, 'Kptfile'),
    withPath(
      {
        apiVersion: 'focom.nephio.org/v1alpha1',
        kind: 'OCloud',
        metadata: { name: names.ocloud, namespace: ns },
        spec: { endpoint: 'https://10.0.0.1:6443', secretRef: { name: 'edge-kubeconfig' } },
      },
      'ocloud.yaml',
    ),
    withPath(
      {
        apiVersion: 'focom.nephio.org/v1alpha1',
        kind: 'TemplateInfo',
        metadata: { name: names.templateInfo, namespace: ns },
        spec: { template: names.template },
      },
      'template-info.yaml',
    ),
    withPath(
      {
        apiVersion: 'focom.nephio.org/v1alpha1',
        kind: 'FocomProvisioningRequest',
        metadata: { name: names.request, namespace: ns },
        spec: {
          ocloudRef: { name: names.ocloud },
          templateRef: { name: names.templateInfo },
          parameters,
        },
      },
      'request.yaml',
    ),
  ];
  return resourceList(items, names.delivery);
}

/** The same site in the upstream dialect: the TemplateInfo is found by `<templateName>-<templateVersion>`. */
function upstreamSite(names: SiteNames, parameters: Record<string, string>): object[] {
  const ns = names.requestNamespace;
  return [
    withPath({ apiVersion: 'kpt.dev/v1', kind: 'Kptfile', metadata: { name: 'site' } }, 'Kptfile'),
    withPath(
      {
        apiVersion: 'focom.nephio.org/v1alpha1',
        kind: 'OCloud',
        metadata: { name: names.ocloud, namespace: ns },
        spec: { o2imsSecret: { secretRef: { name: 'edge-kubeconfig' } } },
      },
      'ocloud.yaml',
    ),
    withPath(
      {
        apiVersion: 'provisioning.oran.org/v1alpha1',
        kind: 'TemplateInfo',
        metadata: { name: `${names.template}-v1.0.0`, namespace: ns },
        spec: { templateName: names.template, templateVersion: 'v1.0.0', templateParameterSchema: '{"type": "object"}' },
      },
      'template-info.yaml',
    ),
    withPath(
      {
        apiVersion: 'focom.nephio.org/v1alpha1',
        kind: 'FocomProvisioningRequest',
        metadata: { name: names.request, namespace: ns },
        spec: {
          oCloudId: names.ocloud,
          oCloudNamespace: ns,
          templateName: names.template,
          templateVersion: 'v1.0.0',
          templateParameters: parameters,
        },
      },
      'request.yaml',
    ),
  ];
}

function resourceList(items: object[], delivery: SiteNames['delivery']): string {
  // Flux is the default: without a functionConfig each function can run alone.
  const data = delivery === 'argocd' ? { delivery: 'argocd', repoURL: 'https://git.example.org/site.git' } : { delivery };
  const list = {
    apiVersion: 'config.kubernetes.io/v1',
    kind: 'ResourceList',
    items,
    ...(delivery === 'flux' ? {} : { functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' }, data } }),
  };
  return stringify(list, { aliasDuplicateObjects: false });
}

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

/** A package path as kpt writes it: relative, `/`-separated, no empty, `.` or `..` segment. */
export function pathProblem(path: string): string | undefined {
  if (path === '' || path.startsWith('/')) return 'is not a relative path';
  if (/[\\\0\n]/.test(path)) return 'holds a backslash, NUL or newline';
  const bad = path.split('/').find((segment) => segment === '' || segment === '.' || segment === '..');
  if (bad !== undefined) return `has a segment ${JSON.stringify(bad)}`;
  const long = path.split('/').find((segment) => Buffer.byteLength(segment) > 255);
  return long === undefined ? undefined : `has a segment of ${Buffer.byteLength(long)} bytes, more than a file system holds (255)`;
}

/**
 * Every name, label, annotation key, condition type and path of the items a render wrote that
 * Kubernetes would refuse: of every item (the package's own FoCoM resources go to the SMO too),
 * or, after a failed render that left the user's names as they are, only of what the functions
 * write (generated/, delivery/, the Kptfile).
 */
export function writtenNameProblems(stdout: string, only: 'all' | 'written' = 'all'): string[] {
  const list = record(parse(stdout, { maxAliasCount: -1 }));
  const items = Array.isArray(list.items) ? (list.items as unknown[]).map(record) : [];
  const problems: string[] = [];
  const check = (what: string, value: string, problem: string | undefined): void => {
    if (problem) problems.push(`${what} ${JSON.stringify(value)} ${problem}`);
  };
  for (const item of items) {
    const metadata = record(item.metadata);
    const kind = String(item.kind);
    const name = String(metadata.name);
    const annotations = record(metadata.annotations);
    const path = String(annotations['config.kubernetes.io/path']);
    check(`${kind} file`, path, pathProblem(path));
    if (only === 'written' && !path.startsWith('generated/') && !path.startsWith('delivery/') && kind !== 'Kptfile') continue;
    if (kind !== 'Kptfile') check(`${kind} name`, name, dns1123SubdomainProblem(name));
    // An empty namespace is no namespace to the API server (it takes the request's), not a bad one.
    if (typeof metadata.namespace === 'string' && metadata.namespace !== '')
      check(`${kind} ${name} namespace`, metadata.namespace, dns1123LabelProblem(metadata.namespace));
    for (const [key, value] of Object.entries(record(metadata.labels))) {
      check(`${kind} ${name} label key`, key, qualifiedNameProblem(key));
      check(`${kind} ${name} label ${key}`, String(value), labelValueProblem(String(value)));
    }
    for (const key of Object.keys(annotations)) check(`${kind} ${name} annotation key`, key, qualifiedNameProblem(key));
    if (kind === 'Kptfile') {
      const gates = Array.isArray(record(item.info).readinessGates) ? (record(item.info).readinessGates as unknown[]) : [];
      const conditions = Array.isArray(record(item.status).conditions) ? (record(item.status).conditions as unknown[]) : [];
      for (const gate of gates)
        check('readiness gate', String(record(gate).conditionType), conditionTypeProblem(String(record(gate).conditionType)));
      for (const c of conditions) check('condition type', String(record(c).type), conditionTypeProblem(String(record(c).type)));
    }
  }
  return problems;
}
