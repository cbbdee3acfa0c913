/**
 * The operator's package as provision-seed needs it: its FoCoM objects (read from the YAML
 * files, generated and delivery folders left out), and a copy for Porch whose pipeline runs this
 * project's functions by image name and whose delivery objects point at the local git server.
 */
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isScalar, isSeq, parseAllDocuments, parseDocument } from 'yaml';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { compareCodePoints } from '@focom/domain';

export const FOCOM_GROUP = 'focom.nephio.org';
/** The GitRepository the delivery Kustomizations name (inject-ocloud-targeting's sourceName). */
export const SOURCE_NAME = 'focom-packages';
/** Image names Porch's function runner maps to bin/<function> (the last path segment). */
export const IMAGE_PREFIX = 'registry.example.org/focom';
export const IMAGE_TAG = 'v0.1.0';

type Json = Record<string, unknown>;

export interface PackageObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  /** Relative to the package. */
  file: string;
  object: Json;
}

export interface SecretTarget {
  ocloud: string;
  ocloudNamespace: string;
  name: string;
  namespace: string;
  key: string;
}

export interface OperatorPackage {
  dir: string;
  /** The Kptfile's metadata.name: Porch's package name, and its folder in the git repository. */
  name: string;
  objects: PackageObject[];
  /** The kubeconfig Secrets the OClouds name, one per distinct Secret. */
  secrets: SecretTarget[];
  /** The FocomProvisioningRequests, by namespace/name. */
  requests: { name: string; namespace: string }[];
}

const SKIPPED_DIRS = new Set(['generated', 'delivery', '.git']);

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function isLocalConfig(object: Json): boolean {
  const annotations = (object.metadata as Json | undefined)?.annotations as Json | undefined;
  return str(annotations?.['config.kubernetes.io/local-config']) === 'true';
}

/** Every YAML object of the package outside generated/ and delivery/, local-config ones included. */
function readObjects(dir: string): Outcome<PackageObject[]> {
  const objects: PackageObject[] = [];
  const problems: string[] = [];
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const full = join(current, name);
      if (statSync(full).isDirectory()) {
        if (!SKIPPED_DIRS.has(name)) walk(full);
        continue;
      }
      if (!/\.ya?ml$/.test(name) && name !== 'Kptfile') continue;
      const file = relative(dir, full);
      parseAllDocuments(readFileSync(full, 'utf8')).forEach((doc, index) => {
        if (doc.errors.length > 0) {
          problems.push(`${file} (document ${index + 1}): ${doc.errors[0].message.split('\n')[0]}`);
          return;
        }
        const object = doc.toJS() as unknown;
        if (object === null || typeof object !== 'object' || Array.isArray(object)) return;
        const json = object as Json;
        const metadata = (json.metadata ?? {}) as Json;
        objects.push({
          apiVersion: str(json.apiVersion),
          kind: str(json.kind),
          name: str(metadata.name),
          namespace: str(metadata.namespace),
          file,
          object: json,
        });
      });
    }
  };
  walk(dir);
  return problems.length > 0 ? fail(`the package does not parse:\n${problems.join('\n')}`) : succeed(objects);
}

function isFocom(object: PackageObject, kind: string): boolean {
  return object.kind === kind && object.apiVersion.startsWith(`${FOCOM_GROUP}/`);
}

/** The Secret an OCloud names, in either dialect (the functions read key "kubeconfig"). */
function secretOf(ocloud: PackageObject): SecretTarget | undefined {
  const spec = (ocloud.object.spec ?? {}) as Json;
  const ref = (spec.secretRef ?? ((spec.o2imsSecret as Json | undefined)?.secretRef as Json | undefined)) as Json | undefined;
  if (!ref || str(ref.name) === '') return undefined;
  return {
    ocloud: ocloud.name,
    ocloudNamespace: ocloud.namespace || 'default',
    name: str(ref.name),
    namespace: str(ref.namespace) || ocloud.namespace || 'default',
    key: 'kubeconfig',
  };
}

export function readOperatorPackage(dir: string): Outcome<OperatorPackage> {
  if (!existsSync(join(dir, 'Kptfile'))) return fail(`${dir} is not a kpt package: it has no Kptfile`);
  const read = readObjects(dir);
  if (!read.ok) return read;
  const kptfile = read.value.find((o) => o.kind === 'Kptfile' && o.file === 'Kptfile');
  if (!kptfile || kptfile.name === '') return fail(`${dir}/Kptfile has no metadata.name: Porch needs it as the package name`);
  // The name is a folder below the work directory, replaced on each run: never `..` or a path.
  if (kptfile.name === '.' || kptfile.name === '..' || /[/\\\0]/.test(kptfile.name))
    return fail(
      `${dir}/Kptfile: metadata.name ${JSON.stringify(kptfile.name)} is not a package name (a path or . or ..); Porch needs a name`,
    );
  const oclouds = read.value.filter((o) => isFocom(o, 'OCloud'));
  const requests = read.value.filter((o) => isFocom(o, 'FocomProvisioningRequest'));
  const problems: string[] = [];
  if (requests.length === 0) problems.push(`${dir} holds no FocomProvisioningRequest: there is nothing to provision`);
  const secrets = new Map<string, SecretTarget>();
  for (const ocloud of oclouds) {
    const secret = secretOf(ocloud);
    if (secret === undefined) problems.push(`OCloud ${ocloud.name} (${ocloud.file}) names no kubeconfig Secret (spec.secretRef.name)`);
    else secrets.set(`${secret.namespace}/${secret.name}`, secret);
  }
  if (problems.length > 0) return fail(problems.join('\n'));
  return succeed({
    dir,
    name: kptfile.name,
    objects: read.value,
    secrets: [...secrets.values()].sort((a, b) => compareCodePoints(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`)),
    requests: requests.map((r) => ({ name: r.name, namespace: r.namespace || 'default' })),
  });
}

/** The objects an operator applies to the SMO: the package's own, not local-config, not the Kptfile. */
export function smoObjects(pkg: OperatorPackage): PackageObject[] {
  return pkg.objects.filter((o) => o.kind !== 'Kptfile' && !isLocalConfig(o.object));
}

const OUR_FUNCTIONS = ['validate-template-params', 'expand-provisioning-request', 'inject-ocloud-targeting', 'focom-render'];
const TARGETING = new Set(['inject-ocloud-targeting', 'focom-render']);

/** The function a pipeline step runs: the last segment of its exec path or image name. */
function functionOf(step: Json): string {
  const ref = str(step.exec) || str(step.image);
  return (
    ref
      .replace(/[@:][^/]*$/, '')
      .split(/[/\s]/)
      .filter((s) => s !== '')
      .pop() ?? ''
  );
}

/**
 * The Kptfile for Porch: every step that runs one of this project's functions by `exec:` runs
 * it by image name instead (Porch runs only images), and the targeting step delivers through
 * Flux from the GitRepository provision-seed creates, at the package's folder in the repository.
 * Comments and every other field stay. An error names a step Porch could not run.
 */
export function porchKptfile(text: string, packageName: string): Outcome<string> {
  const doc = parseDocument(text);
  const problems: string[] = [];
  for (const list of ['mutators', 'validators']) {
    const steps = doc.getIn(['pipeline', list], true);
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      const json = step.toJSON() as Json;
      const fn = functionOf(json);
      if (str(json.exec) !== '') {
        if (!OUR_FUNCTIONS.includes(fn)) {
          problems.push(`pipeline.${list}: "exec: ${str(json.exec)}" is not one of this project's functions, and Porch runs only images`);
          continue;
        }
        // Rename the key in place, so comments attached to the step stay with it.
        const pair = step.items.find((p) => isScalar(p.key) && p.key.value === 'exec');
        if (pair && isScalar(pair.key)) {
          pair.key.value = 'image';
          pair.value = doc.createNode(`${IMAGE_PREFIX}/${fn}:${IMAGE_TAG}`);
        }
      }
      if (TARGETING.has(fn)) {
        if (json.configPath !== undefined) {
          problems.push(`pipeline.${list}: the ${fn} step reads configPath; provision-seed needs its settings inline (configMap)`);
          continue;
        }
        const config = { ...((json.configMap ?? {}) as Json), delivery: 'flux', sourceName: SOURCE_NAME, repoPath: `./${packageName}` };
        step.set('configMap', doc.createNode(config));
      }
    }
  }
  return problems.length > 0 ? fail(problems.join('\n')) : succeed(doc.toString());
}

/** Copies the package into target with the Porch Kptfile; generated/ and delivery/ are left out (Porch renders them). */
export function writePorchPackage(pkg: OperatorPackage, target: string): Outcome<void> {
  const kptfile = porchKptfile(readFileSync(join(pkg.dir, 'Kptfile'), 'utf8'), pkg.name);
  if (!kptfile.ok) return kptfile;
  cpSync(pkg.dir, target, {
    recursive: true,
    filter: (src) => {
      const rel = relative(pkg.dir, src).split('/');
      return !SKIPPED_DIRS.has(rel[0]);
    },
  });
  writeFileSync(join(target, 'Kptfile'), kptfile.value);
  return succeed(undefined);
}

/** The pipeline images of a Kptfile text, for Porch's function runner configuration. */
export function pipelineImages(kptfileText: string): string[] {
  const kptfile = parseDocument(kptfileText).toJS() as { pipeline?: { mutators?: Json[]; validators?: Json[] } };
  return [...(kptfile.pipeline?.mutators ?? []), ...(kptfile.pipeline?.validators ?? [])].map((s) => str(s.image)).filter((i) => i !== '');
}
