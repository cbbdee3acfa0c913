/**
 * The functions' unknown-field check beside a real kube-apiserver's strict field validation
 * (server-side dry run with fieldValidation=Strict, as kubectl apply sends it): for FoCoM
 * resources of both dialects with misspelt and invented fields, the functions flag exactly the
 * fields the API server names, and free-form parameters pass both.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { KrmItem } from '@focom/krm-runtime';
import { readFocomModel } from '@focom/domain';
import { useApiServer } from '@focom/test-support/apiserver';
import { applyFiles, ensureNamespaces, installCrds } from '@focom/test-support/server-apply';

type Json = Record<string, unknown>;
const FOCOM = 'focom.nephio.org/v1alpha1';
const UPSTREAM = 'provisioning.oran.org/v1alpha1';

function object(apiVersion: string, kind: string, name: string, fields: Json): Json {
  return { apiVersion, kind, metadata: { name, namespace: 'smo' }, ...fields };
}

/** [what, object]: each with fields its CRD does not declare (or, for the last, only free-form ones). */
const CASES: Array<[string, Json]> = [
  [
    'a seed request with misspelt parameters and reference',
    object(FOCOM, 'FocomProvisioningRequest', 'seed-request', {
      spec: { ocloudRef: { name: 'edge', nmae: 'edge' }, templateRef: { name: 'du' }, paramters: { replicas: 3 } },
    }),
  ],
  [
    'a seed TemplateInfo with a misspelt top-level field and an invented one',
    object(FOCOM, 'TemplateInfo', 'seed-info', { spec: { template: '5g-ran-du', colour: 'blue' }, sepc: { template: 'x' } }),
  ],
  [
    'an OCloud with fields misspelt in both dialects',
    object(FOCOM, 'OCloud', 'edge', {
      spec: { endpont: 'https://10.0.0.1:6443', o2imsSecret: { secretRef: { name: 'kc', namespce: 'smo' } } },
    }),
  ],
  [
    'an upstream TemplateInfo with a misspelt schema and an invented owner',
    object(UPSTREAM, 'TemplateInfo', 'ran-du-v1', {
      spec: { templateName: 'ran-du', templateVersion: 'v1', templateParameterSchma: '{}', owner: 'ran-team' },
    }),
  ],
  [
    'an upstream request with misspelt parameters and namespace',
    object(FOCOM, 'FocomProvisioningRequest', 'upstream-request', {
      spec: { oCloudId: 'edge', oCloudNamespce: 'smo', templateName: 'ran-du', templateVersion: 'v1', templateParamters: {} },
    }),
  ],
  [
    'an OCloud with misspelt metadata',
    {
      apiVersion: FOCOM,
      kind: 'OCloud',
      metadata: {
        name: 'edge-meta',
        namespace: 'smo',
        lables: { a: 'b' },
        ownerReferences: [{ kind: 'X', name: 'x', uid: 'u', apiVersion: 'v1', contoller: true }],
      },
      spec: { secretRef: { name: 'kc' } },
    },
  ],
  [
    'a seed request whose free-form parameters hold anything',
    object(FOCOM, 'FocomProvisioningRequest', 'free-form', {
      spec: { ocloudRef: { name: 'edge' }, templateRef: { name: 'du' }, parameters: { paramters: 1, deep: { any: [{ thing: 1 }] } } },
    }),
  ],
];

/** The fields the functions flag as not declared by the object's CRD. */
function flaggedByFunctions(bad: Json): string[] {
  const { results } = readFocomModel([KrmItem.fromObject(bad)]);
  return results
    .filter((r) => r.message.startsWith('is not a field of'))
    .map((r) => r.field?.path ?? '')
    .sort();
}

const server = useApiServer();
let dir: string;

beforeAll(() => {
  installCrds(server());
  ensureNamespaces(server(), ['smo']);
  dir = mkdtempSync(join(tmpdir(), 'focom-strict-fields-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('unknown fields, beside the API server with fieldValidation=Strict', () => {
  it.each(CASES)('%s: the functions flag the fields the server names', (what, bad) => {
    const file = join(dir, `${what.replace(/[^a-z0-9]+/gi, '-')}.yaml`);
    writeFileSync(file, stringify(bad));
    const outcome = applyFiles(server(), [file], { root: dir, dryRun: true });
    const named = outcome.rejections.flatMap((r) => r.fields).sort();
    const flagged = flaggedByFunctions(bad);
    expect({ what, flagged }).toEqual({ what, flagged: named });
    // The server names them as unknown fields (strict decoding), not for another reason.
    for (const rejection of outcome.rejections) expect(rejection.message).toMatch(/unknown field/);
    if (named.length === 0) expect(outcome.status).toBe(0);
  });
});
