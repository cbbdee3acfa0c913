/**
 * The CRDs in packages/crds accept every focom.nephio.org and provisioning.oran.org CR in
 * packages/. Kubernetes prunes unknown fields instead of rejecting them, so this check treats
 * them as errors: a misspelled field in an example (or a field the CRD forgot) fails here
 * instead of vanishing on apply. The CEL rules and the real server's behaviour are checked
 * against a real kube-apiserver in test/apiserver/.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fileNameFor, GO_MODULE_CRDS, THIRD_PARTY_CRDS, toStructuralSchema } from '../scripts/third-party-crds';
import { REPO_ROOT } from '@focom/test-support/kpt';

type Json = Record<string, unknown>;
const CRD_DIR = join(REPO_ROOT, 'packages', 'crds');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) || name === 'Kptfile' ? [full] : [];
  });
}

function objects(file: string): Json[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as Json)
    .filter((o) => o && typeof o === 'object');
}

/** Closes every object schema that does not preserve unknown fields. */
function strict(schema: Json): Json {
  const out: Json = { ...schema };
  if (
    out.type === 'object' &&
    out['x-kubernetes-preserve-unknown-fields'] !== true &&
    out.properties &&
    out.additionalProperties === undefined
  ) {
    out.additionalProperties = false;
  }
  if (out.properties) out.properties = Object.fromEntries(Object.entries(out.properties as Json).map(([k, v]) => [k, strict(v as Json)]));
  if (out.items) out.items = strict(out.items as Json);
  return out;
}

const crds = readdirSync(CRD_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => objects(join(CRD_DIR, f)));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv); // the CRDs use OpenAPI formats such as date-time
const validators = new Map(
  crds.map((crd) => {
    const spec = crd.spec as Json;
    const version = (spec.versions as Json[])[0];
    const names = spec.names as Json;
    return [
      `${spec.group as string}/${version.name as string}/${names.kind as string}`,
      ajv.compile(strict((version.schema as Json).openAPIV3Schema as Json)),
    ];
  }),
);

describe('CRDs for both dialects', () => {
  it('defines OCloud, TemplateInfo and FocomProvisioningRequest, the upstream TemplateInfo and the O2IMS ProvisioningRequest', () => {
    expect([...validators.keys()].sort()).toEqual([
      'focom.nephio.org/v1alpha1/FocomProvisioningRequest',
      'focom.nephio.org/v1alpha1/OCloud',
      'focom.nephio.org/v1alpha1/TemplateInfo',
      'o2ims.provisioning.oran.org/v1alpha1/ProvisioningRequest',
      'provisioning.oran.org/v1alpha1/TemplateInfo',
    ]);
    for (const crd of crds) {
      const spec = crd.spec as Json;
      const names = spec.names as Json;
      expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
      expect((crd.metadata as Json).name).toBe(`${names.plural as string}.${spec.group as string}`);
      expect((spec.versions as Json[]).filter((v) => v.storage === true)).toHaveLength(1);
    }
  });

  const crs = yamlFiles(join(REPO_ROOT, 'packages'))
    .filter((f) => !f.startsWith(CRD_DIR))
    .flatMap((file) => objects(file).map((o) => [relative(REPO_ROOT, file), o] as const))
    .filter(
      ([, o]) =>
        typeof o.apiVersion === 'string' &&
        /^(focom\.nephio\.org|provisioning\.oran\.org)\//.test(o.apiVersion) &&
        o.kind !== 'FocomTemplate',
    );

  it('finds the CRs of the example packages', () => {
    expect(crs.length).toBeGreaterThanOrEqual(5);
  });

  it.each(crs.map(([file, o]) => [`${file} ${o.kind as string}/${(o.metadata as Json).name as string}`, o] as const))(
    'accepts %s',
    (_name, object) => {
      const validate = validators.get(`${object.apiVersion as string}/${object.kind as string}`)!;
      expect(validate).toBeDefined();
      validate(object);
      expect(validate.errors ?? []).toEqual([]);
    },
  );

  it('rejects a misspelled field, so the check can fail', () => {
    const validate = validators.get('focom.nephio.org/v1alpha1/FocomProvisioningRequest')!;
    expect(
      validate({
        apiVersion: 'focom.nephio.org/v1alpha1',
        kind: 'FocomProvisioningRequest',
        metadata: {},
        spec: { ocloudref: { name: 'x' } },
      }),
    ).toBe(false);
  });
});

/** Written after an upstream file no registry serves; each file's header names its source and commit. */
const TRANSCRIBED = ['clcm.openshift.io_provisioningrequests.yaml', 'configsync.gke.io_rootsyncs.yaml'];

describe('third-party CRDs built from @kubernetes-models packages (and copied from Go modules: test/apiserver/flux-crd.test.ts)', () => {
  const thirdPartyDir = join(CRD_DIR, 'third-party');

  it.each(THIRD_PARTY_CRDS.map((s) => [fileNameFor(s), s] as const))(
    '%s names its package and version, and defines that kind',
    (file, source) => {
      const text = readFileSync(join(thirdPartyDir, file), 'utf8');
      expect(text.split('\n')[1]).toMatch(
        new RegExp(`^# Source: npm ${source.npmPackage}@${source.npmVersion.replace(/\./g, '\\.')} \\(sha512-`),
      );
      const [crd] = objects(join(thirdPartyDir, file));
      const spec = crd.spec as Json;
      expect([spec.group, (spec.names as Json).kind, (spec.versions as Json[]).map((v) => v.name)]).toEqual([
        source.group,
        source.kind,
        [source.version],
      ]);
    },
  );

  it('holds only generated files and the transcribed ones', () => {
    expect(
      readdirSync(thirdPartyDir)
        .filter((f) => f !== 'Kptfile')
        .sort(),
    ).toEqual([...THIRD_PARTY_CRDS.map(fileNameFor), ...GO_MODULE_CRDS.map((c) => c.target), ...TRANSCRIBED].sort());
  });

  it('turns the package schema back into a structural schema', () => {
    const modelSchema = {
      type: 'object',
      properties: {
        metadata: { oneOf: [{ $ref: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta#' }, { type: 'null' }] },
        spec: {
          type: 'object',
          nullable: true,
          required: ['port'],
          properties: {
            port: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
            labels: { type: 'object', properties: {}, additionalProperties: { type: 'string' }, nullable: true },
            values: { type: 'object', nullable: true },
            list: { type: 'array', items: { type: 'string', nullable: true } },
          },
        },
      },
    };
    expect(toStructuralSchema(modelSchema)).toEqual({
      type: 'object',
      properties: {
        metadata: { type: 'object' },
        spec: {
          type: 'object',
          required: ['port'],
          properties: {
            port: { 'x-kubernetes-int-or-string': true },
            labels: { type: 'object', additionalProperties: { type: 'string' } },
            values: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            list: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    });
    expect(() => toStructuralSchema({ type: 'object', properties: { spec: { $ref: 'Other#' } } })).toThrow(
      /\.spec: a \$ref or oneOf outside metadata/,
    );
  });
});
