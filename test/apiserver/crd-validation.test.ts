/**
 * What the CRDs reject, side by side with validate-template-params on the same object: where a
 * schema can say it (required fields, types, blank names, which dialect's fields go together)
 * both reject it and name the same field; what needs the template's JSON Schema or another
 * object only the function catches, and the server accepts. Every rejection names its file and
 * field, also for a rendered package that was broken after rendering.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { useApiServer } from '@focom/test-support/apiserver';
import { REPO_ROOT, removeScratch, render, run, scratchPackage } from '@focom/test-support/kpt';
import {
  applyFiles,
  clusterManifests,
  dryRunPackage,
  ensureNamespaces,
  expectAccepted,
  installCrds,
} from '@focom/test-support/server-apply';

type Json = Record<string, unknown>;

interface FunctionResult {
  severity: string;
  message: string;
  field?: { path: string };
  file?: { path: string };
}

const FOCOM = 'focom.nephio.org/v1alpha1';
const UPSTREAM = 'provisioning.oran.org/v1alpha1';

function object(apiVersion: string, kind: string, name: string, namespace: string, spec: unknown): Json {
  return { apiVersion, kind, metadata: { name, namespace }, spec };
}

/** The packages' own OClouds and TemplateInfos, so a request under test resolves. */
const context: Json[] = ['seed-edge', 'upstream-site-a']
  .flatMap((name) => clusterManifests(join(REPO_ROOT, 'packages', 'examples', name)))
  .flatMap((f) => f.objects)
  .filter((o) => o.kind !== 'FocomProvisioningRequest');

const seedRequest = (spec: Json): Json => object(FOCOM, 'FocomProvisioningRequest', 'bad-request', 'o2ims', spec);
const upstreamRequest = (spec: Json): Json => object(FOCOM, 'FocomProvisioningRequest', 'bad-request', 'smo', spec);
const validUpstreamSpec = {
  oCloudId: 'site-a',
  oCloudNamespace: 'smo',
  templateName: '5g-ran-du',
  templateVersion: 'v1.0.0',
  templateParameters: { namespace: 'ran-a' },
};

/** [what, object, the field both name (the function may name a field below it)] */
const BOTH_REJECT: Array<[string, Json, string]> = [
  ['a seed request without an O-Cloud', seedRequest({ templateRef: { name: 'edge-5g-template' } }), 'spec.ocloudRef'],
  ['a seed request without a TemplateInfo', seedRequest({ ocloudRef: { name: 'edge-ocloud' } }), 'spec.templateRef'],
  [
    'a seed request whose ocloudRef is a string',
    seedRequest({ ocloudRef: 'edge-ocloud', templateRef: { name: 'edge-5g-template' } }),
    'spec.ocloudRef',
  ],
  [
    'a seed request with a blank TemplateInfo name',
    seedRequest({ ocloudRef: { name: 'edge-ocloud' }, templateRef: { name: ' ' } }),
    'spec.templateRef.name',
  ],
  [
    'a seed request whose parameters are a list',
    seedRequest({ ocloudRef: { name: 'edge-ocloud' }, templateRef: { name: 'edge-5g-template' }, parameters: ['replicas=3'] }),
    'spec.parameters',
  ],
  ['a request that names no template in either dialect', seedRequest({ description: 'nothing else' }), 'spec'],
  ['an upstream request without oCloudId', upstreamRequest({ ...validUpstreamSpec, oCloudId: undefined }), 'spec.oCloudId'],
  [
    'an upstream request without templateVersion',
    upstreamRequest({ ...validUpstreamSpec, templateVersion: undefined }),
    'spec.templateVersion',
  ],
  [
    'an upstream request without oCloudNamespace (upstream requires it)',
    upstreamRequest({ ...validUpstreamSpec, oCloudNamespace: undefined }),
    'spec.oCloudNamespace',
  ],
  [
    'an upstream request without templateParameters (upstream requires them)',
    upstreamRequest({ ...validUpstreamSpec, templateParameters: undefined }),
    'spec.templateParameters',
  ],
  [
    'an upstream request whose templateParameters are a string',
    upstreamRequest({ ...validUpstreamSpec, templateParameters: 'replicas: 2' }),
    'spec.templateParameters',
  ],
  [
    'a seed TemplateInfo without a template',
    object(FOCOM, 'TemplateInfo', 'bad-info', 'o2ims', { parameters: { replicas: 3 } }),
    'spec.template',
  ],
  ['a seed TemplateInfo whose template is a number', object(FOCOM, 'TemplateInfo', 'bad-info', 'o2ims', { template: 5 }), 'spec.template'],
  [
    'a seed TemplateInfo whose parameters are a string',
    object(FOCOM, 'TemplateInfo', 'bad-info', 'o2ims', { template: '5g-ran-du', parameters: 'replicas=3' }),
    'spec.parameters',
  ],
  [
    'an upstream TemplateInfo without templateVersion',
    object(UPSTREAM, 'TemplateInfo', 'bad-info', 'smo', { templateName: 'ran-du', templateParameterSchema: '{}' }),
    'spec.templateVersion',
  ],
  [
    'an upstream TemplateInfo with a blank templateName',
    object(UPSTREAM, 'TemplateInfo', 'bad-info', 'smo', { templateName: '', templateVersion: 'v1' }),
    'spec.templateName',
  ],
  [
    'an upstream TemplateInfo whose schema is a mapping, not a string',
    object(UPSTREAM, 'TemplateInfo', 'bad-info', 'smo', {
      templateName: 'ran-du',
      templateVersion: 'v1',
      templateParameterSchema: { type: 'object' },
    }),
    'spec.templateParameterSchema',
  ],
  [
    'a seed TemplateInfo with a blank templateVersion',
    object(FOCOM, 'TemplateInfo', 'bad-info', 'o2ims', { template: '5g-ran-du', templateVersion: ' ' }),
    'spec.templateVersion',
  ],
  [
    'a focom.nephio.org TemplateInfo with a schema but no templateVersion',
    object(FOCOM, 'TemplateInfo', 'bad-info', 'o2ims', { templateName: 'ran-du', templateParameterSchema: '{}' }),
    'spec.templateVersion',
  ],
];

/** [what, object, the field the function names, why no schema can say it] */
const ONLY_THE_FUNCTION_REJECTS: Array<[string, Json, string, string]> = [
  [
    'parameters the template schema refuses',
    seedRequest({ ocloudRef: { name: 'edge-ocloud' }, templateRef: { name: 'edge-5g-template' }, parameters: { replicas: 'three' } }),
    'spec.parameters.replicas',
    "the template's JSON Schema is data in the package, not in the CRD",
  ],
  [
    'a request naming a TemplateInfo that does not exist',
    seedRequest({ ocloudRef: { name: 'edge-ocloud' }, templateRef: { name: 'no-such-template' } }),
    'spec.templateRef.name',
    'a CRD sees one object at a time',
  ],
  [
    'an upstream request whose template version has no TemplateInfo',
    upstreamRequest({ ...validUpstreamSpec, templateVersion: 'v9.9.9' }),
    'spec.templateName',
    'a CRD sees one object at a time',
  ],
  [
    'a seed TemplateInfo naming a version neither the library nor the package holds',
    object(FOCOM, 'TemplateInfo', 'bad-info', 'o2ims', { template: '5g-ran-du', templateVersion: 'v9.9.9' }),
    'spec.templateVersion',
    'the template versions are the function image and the package, not the cluster',
  ],
  [
    'a TemplateInfo whose schema string is not JSON or YAML',
    object(UPSTREAM, 'TemplateInfo', 'bad-info', 'smo', {
      templateName: 'ran-du',
      templateVersion: 'v1',
      templateParameterSchema: '{"type": ',
    }),
    'spec.templateParameterSchema',
    'CEL cannot parse JSON or YAML',
  ],
];

function slug(what: string): string {
  return what
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Runs the real bin/validate-template-params on the object and the packages' context. */
function validateWithFunction(bad: Json, file: string): { exitCode: number; errors: FunctionResult[] } {
  const annotated = {
    ...bad,
    metadata: {
      ...(bad.metadata as Json),
      annotations: { 'internal.config.kubernetes.io/path': file, 'internal.config.kubernetes.io/index': '0' },
    },
  };
  const input = JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [...context, annotated] });
  const result = run(join(REPO_ROOT, 'bin', 'validate-template-params'), [], { input });
  const output = parse(result.stdout) as { results?: FunctionResult[] };
  return { exitCode: result.status, errors: (output.results ?? []).filter((r) => r.severity === 'error') };
}

const server = useApiServer();
let dir: string;

beforeAll(() => {
  installCrds(server());
  ensureNamespaces(server(), ['o2ims', 'smo']);
  dir = mkdtempSync(join(tmpdir(), 'focom-crd-validation-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function writeCase(what: string, bad: Json): { file: string; path: string } {
  const file = `${slug(what)}.yaml`;
  const path = join(dir, file);
  writeFileSync(path, stringify(JSON.parse(JSON.stringify(bad))));
  return { file, path };
}

describe('what the CRDs reject, beside validate-template-params', () => {
  it.each(BOTH_REJECT)('both reject %s, naming %s', (what, bad, field) => {
    const { file, path } = writeCase(what, bad);

    const fn = validateWithFunction(bad, file);
    expect(fn.exitCode).toBe(1);
    expect(fn.errors.map((r) => r.field?.path).some((p) => p === field || p?.startsWith(`${field}.`))).toBe(true);

    const outcome = applyFiles(server(), [path], { root: dir, dryRun: true });
    expect(outcome.status).not.toBe(0);
    expect(outcome.rejections).toEqual([expect.objectContaining({ file })]);
    // The server may name a field below it (a mapping where a string belongs: its unknown keys).
    expect(outcome.rejections[0].fields.some((f) => f === field || f.startsWith(`${field}.`))).toBe(true);
  });

  it.each(ONLY_THE_FUNCTION_REJECTS)('only the function rejects %s (%s): %s', (what, bad, field) => {
    const { file, path } = writeCase(what, bad);

    const fn = validateWithFunction(bad, file);
    expect(fn.exitCode).toBe(1);
    expect(fn.errors.map((r) => r.field?.path)).toContain(field);

    expectAccepted(applyFiles(server(), [path], { root: dir, dryRun: true }), file);
  });
});

describe('a rendered package the server rejects', () => {
  let pkg: string;
  const deployment = 'generated/o2ims/edge-5g-deployment/deployment_ran-du.yaml';

  beforeEach(() => {
    pkg = scratchPackage(join(REPO_ROOT, 'packages', 'examples', 'seed-edge'));
    const rendered = render(pkg);
    if (rendered.status !== 0) throw new Error(`kpt fn render failed:\n${rendered.stderr}`);
  });

  afterEach(() => removeScratch(pkg));

  function edit(file: string, change: (object: Json) => void): void {
    const object = parse(readFileSync(join(pkg, file), 'utf8')) as Json;
    change(object);
    writeFileSync(join(pkg, file), stringify(object));
  }

  function rejectionMessage(): string {
    const { outcome } = dryRunPackage(server(), pkg);
    try {
      expectAccepted(outcome, 'the edited package');
    } catch (error) {
      return String(error);
    }
    throw new Error('the server accepted the edited package');
  }

  it('names the file and field of a value of the wrong type', () => {
    edit(deployment, (o) => ((o.spec as Json).replicas = 'three'));
    const message = rejectionMessage();
    expect(message).toContain(`${deployment} (spec.replicas)`);
    expect(message).not.toContain(pkg);
  });

  it('names the file and field of a misspelled field, which the server would otherwise drop', () => {
    edit(deployment, (o) => ((o.spec as Json).replica = 3));
    expect(rejectionMessage()).toContain(`${deployment} (spec.replica)`);
  });

  it('names the file and field of a CR the CRD refuses', () => {
    edit('ocloud.yaml', (o) => ((o.spec as Json).secretRef = 'edge-cluster-kubeconfig'));
    expect(rejectionMessage()).toContain('ocloud.yaml (spec.secretRef)');
  });

  it('names the files of every rejected object at once', () => {
    edit(deployment, (o) => ((o.spec as Json).replicas = 'three'));
    edit('delivery/o2ims/kustomization_edge-5g-deployment.yaml', (o) => ((o.spec as Json).interval = 'ten minutes'));
    const message = rejectionMessage();
    expect(message).toContain(`${deployment} (spec.replicas)`);
    expect(message).toContain('delivery/o2ims/kustomization_edge-5g-deployment.yaml (spec.interval)');
  });

  it('names the file of a workload that breaks its namespace\'s "restricted" Pod Security level', () => {
    edit(deployment, (o) => {
      const pod = ((o.spec as Json).template as Json).spec as Json;
      delete pod.securityContext;
    });
    const { outcome } = dryRunPackage(server(), pkg);
    expectAccepted(outcome, 'the edited package');
    expect(outcome.warnings).toEqual([
      expect.stringMatching(new RegExp(`^${deployment}: Warning: would violate PodSecurity "restricted:latest": .*runAsNonRoot`)),
    ]);
  });
});
