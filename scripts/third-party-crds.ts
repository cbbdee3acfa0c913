/**
 * Builds the CRDs of the delivery and monitoring objects the functions emit, so the real API
 * server tests check them against the projects' own schemas instead of hand-copied files:
 *
 *   npm run generate:third-party-crds
 *
 * - the Flux Kustomization is copied as it is from the Go module of the kustomize-controller the
 *   tests and provision-seed run (`go mod download`, the version from
 *   libs/cluster-harness/go/kustomize-controller/go.mod): the CRD matches the controller;
 * - Argo CD's Application, PodMonitor and PrometheusRule come from the JSON Schemas that
 *   @kubernetes-models npm packages ship: each pinned package is fetched with `npm pack` and its
 *   schema turned back into a structural OpenAPI schema. Later releases of these packages ship
 *   only precompiled validators, not the schema: the versions below are the last that carry it.
 *
 * Each file is packages/crds/third-party/<group>_<plural>.yaml.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { layoutVersion } from '@focom/cluster-harness';

type Schema = Record<string, unknown>;

export interface ThirdPartyCrd {
  npmPackage: string;
  npmVersion: string;
  /** The file inside the package that holds `const schema = {...};`. */
  schemaFile: string;
  /** What the package says it was generated from. */
  upstream: string;
  group: string;
  version: string;
  kind: string;
  plural: string;
  shortNames: string[];
  scope: 'Namespaced' | 'Cluster';
}

export const THIRD_PARTY_CRDS: readonly ThirdPartyCrd[] = [
  {
    npmPackage: '@kubernetes-models/argo-cd',
    npmVersion: '2.5.0',
    schemaFile: 'argoproj.io/v1alpha1/Application.js',
    upstream: 'Argo CD v2.10.8 CRDs, as updated in @kubernetes-models/argo-cd 2.5.0',
    group: 'argoproj.io',
    version: 'v1alpha1',
    kind: 'Application',
    plural: 'applications',
    shortNames: ['app', 'apps'],
    scope: 'Namespaced',
  },
  {
    npmPackage: '@kubernetes-models/prometheus-operator',
    npmVersion: '4.0.0',
    schemaFile: 'monitoring.coreos.com/v1/PodMonitor.js',
    upstream: 'prometheus-operator CRDs (monitoring.coreos.com/v1), as generated in @kubernetes-models/prometheus-operator 4.0.0',
    group: 'monitoring.coreos.com',
    version: 'v1',
    kind: 'PodMonitor',
    plural: 'podmonitors',
    shortNames: ['pmon'],
    scope: 'Namespaced',
  },
  {
    npmPackage: '@kubernetes-models/prometheus-operator',
    npmVersion: '4.0.0',
    schemaFile: 'monitoring.coreos.com/v1/PrometheusRule.js',
    upstream: 'prometheus-operator CRDs (monitoring.coreos.com/v1), as generated in @kubernetes-models/prometheus-operator 4.0.0',
    group: 'monitoring.coreos.com',
    version: 'v1',
    kind: 'PrometheusRule',
    plural: 'prometheusrules',
    shortNames: ['promrule'],
    scope: 'Namespaced',
  },
];

/** A CRD a controller's Go module carries as a file, copied unchanged. */
export interface GoModuleCrd {
  module: string;
  /** The version the project runs, read where the harness pins it. */
  version: () => string;
  /** The file inside the module. */
  file: string;
  /** packages/crds/third-party/<name>. */
  target: string;
  runs: string;
}

export const GO_MODULE_CRDS: readonly GoModuleCrd[] = [
  {
    module: 'github.com/fluxcd/kustomize-controller',
    version: () => layoutVersion('kustomize'),
    file: 'config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml',
    target: 'kustomize.toolkit.fluxcd.io_kustomizations.yaml',
    runs: 'the kustomize-controller the tests and provision-seed run (libs/cluster-harness/go/kustomize-controller/go.mod)',
  },
];

export function goModuleHeader(source: GoModuleCrd, version: string, sum: string): string {
  return [
    `# Copied by scripts/third-party-crds.ts: do not edit, regenerate.`,
    `# Source: Go module ${source.module}@${version} (${sum}), file ${source.file}:`,
    `# the CRD of ${source.runs}, unchanged below this header.`,
    '',
  ].join('\n');
}

/** `oneOf: [X, {type: null}]` (an optional field, as newer generators write it) is X, with the other keys kept. */
function nullableAlternative(schema: Schema): Schema | undefined {
  const options = schema.oneOf;
  if (!Array.isArray(options) || options.length !== 2) return undefined;
  const others = (options as Schema[]).filter((o) => !(Object.keys(o).length === 1 && o.type === 'null'));
  if (others.length !== 1) return undefined;
  const { oneOf: _oneOf, ...rest } = schema;
  return { ...rest, ...others[0] };
}

/** The JSON object literal a @kubernetes-models model file assigns to `schema`. */
export function schemaFromModelSource(source: string): Schema {
  const start = source.indexOf('const schema = ');
  const end = source.indexOf('\n};\n', start);
  if (start < 0 || end < 0) throw new Error('the model file holds no `const schema = {...};` literal');
  return JSON.parse(source.slice(start + 'const schema = '.length, end + 2)) as Schema;
}

/**
 * Undoes what the model generator did to the CRD's openAPIV3Schema, so the API server accepts it
 * as a structural schema: optional fields it marked `nullable`, maps it gave an empty
 * `properties`, int-or-string it spelled as `anyOf`, free-form objects it left bare, and the
 * `$ref` to ObjectMeta.
 */
export function toStructuralSchema(schema: Schema, path = ''): Schema {
  const nullable = nullableAlternative(schema);
  if (nullable) return toStructuralSchema(nullable, path);
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'nullable' || key === '$ref' || key === 'oneOf') continue;
    if (key === 'anyOf') {
      const types = (value as Schema[])
        .map((s) => s.type)
        .sort()
        .join(',');
      if (types !== 'integer,string') throw new Error(`${path || '<root>'}: anyOf other than int-or-string is not structural`);
      out['x-kubernetes-int-or-string'] = true;
      continue;
    }
    if (key === 'properties') {
      const properties = Object.entries(value as Schema);
      // An empty `properties` is the generator's: beside additionalProperties it is a map, alone a free-form object.
      if (properties.length === 0) continue;
      out.properties = Object.fromEntries(
        properties.map(([name, child]) => [name, toStructuralSchema(child as Schema, `${path}.${name}`)]),
      );
      continue;
    }
    if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) {
      out[key] = toStructuralSchema(value as Schema, `${path}[]`);
      continue;
    }
    if (key === 'type' && Array.isArray(value)) {
      const types = value.filter((t) => t !== 'null');
      if (types.length !== 1) throw new Error(`${path || '<root>'}: type ${JSON.stringify(value)} is not structural`);
      out.type = types[0];
      continue;
    }
    out[key] = value;
  }
  if (schema.oneOf !== undefined || schema.$ref !== undefined) {
    // Only metadata is a $ref (to ObjectMeta): the API server brings its own schema for it.
    if (path !== '.metadata') throw new Error(`${path || '<root>'}: a $ref or oneOf outside metadata`);
    return { type: 'object' };
  }
  if (out.type === 'object' && out.properties === undefined && out.additionalProperties === undefined) {
    out['x-kubernetes-preserve-unknown-fields'] = true;
  }
  return out;
}

export function crdFor(source: ThirdPartyCrd, modelSource: string): Schema {
  const schema = toStructuralSchema(schemaFromModelSource(modelSource));
  const properties = schema.properties as Record<string, Schema>;
  // The model pins apiVersion and kind with an enum; in a CRD the server sets them.
  properties.apiVersion = { type: 'string' };
  properties.kind = { type: 'string' };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${source.plural}.${source.group}` },
    spec: {
      group: source.group,
      names: {
        kind: source.kind,
        listKind: `${source.kind}List`,
        plural: source.plural,
        singular: source.kind.toLowerCase(),
        shortNames: source.shortNames,
      },
      scope: source.scope,
      versions: [
        {
          name: source.version,
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: schema },
        },
      ],
    },
  };
}

export function fileNameFor(source: ThirdPartyCrd): string {
  return `${source.group}_${source.plural}.yaml`;
}

export function header(source: ThirdPartyCrd, integrity: string): string {
  return [
    `# Generated by scripts/third-party-crds.ts: do not edit, regenerate.`,
    `# Source: npm ${source.npmPackage}@${source.npmVersion} (${integrity}), file ${source.schemaFile}:`,
    `# ${source.upstream}. Descriptions and printer columns are not in the package.`,
    '',
  ].join('\n');
}

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no package.json above this script');
    dir = parent;
  }
  return dir;
}

/** Fetches a package with the npm client; returns its unpacked folder and integrity. */
function npmPack(name: string, version: string, into: string): { folder: string; integrity: string } {
  const packed = spawnSync('npm', ['pack', `${name}@${version}`, '--json', '--pack-destination', into], { encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`npm pack ${name}@${version} failed: ${packed.stderr}`);
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; integrity: string }>;
  const folder = join(into, info.filename.replace(/\.tgz$/, ''));
  mkdirSync(folder);
  const untar = spawnSync('tar', ['xzf', join(into, info.filename), '-C', folder], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  return { folder: join(folder, 'package'), integrity: info.integrity };
}

/** Fetches a module with the Go client (into its module cache); returns its folder and go.sum hash. */
function goModDownload(module: string, version: string): { dir: string; sum: string } {
  // Go's own install directory is searched too, as npm test does.
  const PATH = [process.env.PATH ?? '', '/usr/local/go/bin'].join(':');
  const downloaded = spawnSync('go', ['mod', 'download', '-json', `${module}@${version}`], {
    encoding: 'utf8',
    env: { ...process.env, GOWORK: 'off', PATH },
  });
  if (downloaded.error)
    throw new Error(
      `go could not run (${downloaded.error.message}): Flux's CRD is copied from its Go module; install Go (https://go.dev/dl/)`,
    );
  if (downloaded.status !== 0) throw new Error(`go mod download ${module}@${version} failed: ${downloaded.stderr}${downloaded.stdout}`);
  const info = JSON.parse(downloaded.stdout) as { Dir: string; Sum: string };
  return { dir: info.Dir, sum: info.Sum };
}

function main(): void {
  const outDir = join(repoRoot(), 'packages', 'crds', 'third-party');
  mkdirSync(outDir, { recursive: true });
  for (const source of GO_MODULE_CRDS) {
    const version = source.version();
    const { dir, sum } = goModDownload(source.module, version);
    const file = join(outDir, source.target);
    // The header goes after the file's leading document separator, so the file stays one document.
    const text = readFileSync(join(dir, source.file), 'utf8');
    const separator = text.startsWith('---\n') ? '---\n' : '';
    writeFileSync(file, separator + goModuleHeader(source, version, sum) + text.slice(separator.length));
    process.stdout.write(`wrote ${file}\n`);
  }
  const work = mkdtempSync(join(tmpdir(), 'focom-crds-'));
  // One package may hold several kinds: fetch it once.
  const packed = new Map<string, { folder: string; integrity: string }>();
  try {
    for (const source of THIRD_PARTY_CRDS) {
      const key = `${source.npmPackage}@${source.npmVersion}`;
      const { folder, integrity } = packed.get(key) ?? npmPack(source.npmPackage, source.npmVersion, work);
      packed.set(key, { folder, integrity });
      const crd = crdFor(source, readFileSync(join(folder, source.schemaFile), 'utf8'));
      const file = join(outDir, fileNameFor(source));
      writeFileSync(file, header(source, integrity) + stringify(crd, { lineWidth: 0 }));
      process.stdout.write(`wrote ${file}\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) main();
