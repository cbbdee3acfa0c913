/**
 * The CRDs in packages/crds accept every focom.nephio.org CR in packages/. Kubernetes prunes
 * unknown fields instead of rejecting them, so this check treats them as errors: a misspelled
 * field in an example (or a field the CRD forgot) fails here instead of vanishing on apply.
 */
import Ajv from 'ajv';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from './support/kpt';

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
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as Json).filter((o) => o && typeof o === 'object');
}

/** Closes every object schema that does not preserve unknown fields. */
function strict(schema: Json): Json {
  const out: Json = { ...schema };
  if (out.type === 'object' && out['x-kubernetes-preserve-unknown-fields'] !== true && out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  if (out.properties) out.properties = Object.fromEntries(Object.entries(out.properties as Json).map(([k, v]) => [k, strict(v as Json)]));
  if (out.items) out.items = strict(out.items as Json);
  return out;
}

const crds = readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml')).flatMap((f) => objects(join(CRD_DIR, f)));
const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map(crds.map((crd) => {
  const spec = crd.spec as Json;
  const version = (spec.versions as Json[])[0]!;
  const names = spec.names as Json;
  return [`${spec.group as string}/${version.name as string}/${names.kind as string}`, ajv.compile(strict((version.schema as Json).openAPIV3Schema as Json))];
}));

describe('CRDs for the seed dialect', () => {
  it('defines OCloud, TemplateInfo and FocomProvisioningRequest, structurally', () => {
    expect([...validators.keys()].sort()).toEqual([
      'focom.nephio.org/v1alpha1/FocomProvisioningRequest',
      'focom.nephio.org/v1alpha1/OCloud',
      'focom.nephio.org/v1alpha1/TemplateInfo',
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
    .filter(([, o]) => typeof o.apiVersion === 'string' && o.apiVersion.startsWith('focom.nephio.org/') && o.kind !== 'FocomTemplate');

  it('finds the CRs of the example packages', () => {
    expect(crs.length).toBeGreaterThanOrEqual(5);
  });

  it.each(crs.map(([file, o]) => [`${file} ${o.kind as string}/${(o.metadata as Json).name as string}`, o] as const))('accepts %s', (_name, object) => {
    const validate = validators.get(`${object.apiVersion as string}/${object.kind as string}`)!;
    expect(validate).toBeDefined();
    validate(object);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('rejects a misspelled field, so the check can fail', () => {
    const validate = validators.get('focom.nephio.org/v1alpha1/FocomProvisioningRequest')!;
    expect(validate({ apiVersion: 'focom.nephio.org/v1alpha1', kind: 'FocomProvisioningRequest', metadata: {}, spec: { ocloudref: { name: 'x' } } })).toBe(false);
  });
});
