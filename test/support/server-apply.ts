/**
 * kubectl apply against a real API server, with what the server said sorted by file: a rejected
 * object is reported as the file that holds it and the fields the server named.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ApiServer } from '@focom/cluster-harness';
import { REPO_ROOT } from './kpt';

type Json = Record<string, unknown>;

export interface Rejection {
  /** The file, relative to the folder the files were collected from. */
  file: string;
  /** Field paths the server named (spec.templateRef, spec.replicas, ...). */
  fields: string[];
  message: string;
}

export interface ApplyOutcome {
  status: number;
  stdout: string;
  rejections: Rejection[];
  /** Lines kubectl printed as `Warning: ...` (PodSecurity, deprecations); in a dry run of several files, each prefixed with its file. */
  warnings: string[];
}

export interface ManifestFile {
  path: string;
  objects: Json[];
}

const LOCAL_CONFIG = 'config.kubernetes.io/local-config';

function isLocalConfig(object: Json): boolean {
  const annotations = (object.metadata as Json | undefined)?.annotations as Json | undefined;
  return annotations?.[LOCAL_CONFIG] === 'true';
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) return name === '.git' || name === '.expected' ? [] : yamlFilesUnder(full);
      return /\.ya?ml$/.test(name) ? [full] : [];
    });
}

/**
 * The files of a package that a cluster would receive: every YAML file whose objects are not
 * local-config (the Kptfile, FocomTemplates and function configs stay in the package).
 */
export function clusterManifests(dir: string): ManifestFile[] {
  const out: ManifestFile[] = [];
  for (const path of yamlFilesUnder(dir)) {
    const objects = parseAllDocuments(readFileSync(path, 'utf8'))
      .map((d) => d.toJS() as unknown)
      .filter((o): o is Json => typeof o === 'object' && o !== null);
    const local = objects.filter(isLocalConfig);
    if (local.length === objects.length) continue;
    if (local.length > 0) throw new Error(`${relative(dir, path)} mixes local-config objects with objects for the cluster`);
    out.push({ path, objects });
  }
  return out;
}

/** The namespaces the objects live in, and the Namespace objects among them. */
export function namespacesOf(files: readonly ManifestFile[]): { used: string[]; declared: ManifestFile[] } {
  const used = new Set<string>();
  const declared: ManifestFile[] = [];
  for (const file of files) {
    for (const object of file.objects) {
      const namespace = (object.metadata as Json | undefined)?.namespace;
      // An empty namespace is an unset one: kubectl puts the object in its context's namespace.
      if (typeof namespace === 'string' && namespace !== '') used.add(namespace);
    }
    if (file.objects.every((o) => o.kind === 'Namespace' && o.apiVersion === 'v1')) declared.push(file);
  }
  return { used: [...used].sort(), declared };
}

/** kubectl apply (strict field validation, kubectl's default) of the files, one kubectl run. */
export function applyFiles(server: ApiServer, files: readonly string[], options: { root: string; dryRun?: boolean }): ApplyOutcome {
  if (files.length === 0) return { status: 0, stdout: '', rejections: [], warnings: [] };
  const args = ['apply', '--validate=strict', ...(options.dryRun ? ['--dry-run=server'] : []), ...files.flatMap((f) => ['-f', f])];
  const result = server.kubectl(args);
  const lines = result.stderr.split('\n');
  const warnings = lines.filter((l) => l.startsWith('Warning: '));
  const errorText = lines.filter((l) => !l.startsWith('Warning: ')).join('\n');
  const rejections = rejectionsIn(errorText, files, options.root);
  if (result.status !== 0 && rejections.length === 0) {
    rejections.push({ file: '(unknown file)', fields: fieldsNamedIn(errorText), message: errorText.trim() });
  }
  const attributed = warnings.length > 0 && options.dryRun && files.length > 1 ? warningsByFile(server, files, options.root) : warnings;
  return { status: result.status, stdout: result.stdout, rejections, warnings: attributed };
}

/** Warnings do not name the file: a dry run of each file alone tells which one earned them. */
function warningsByFile(server: ApiServer, files: readonly string[], root: string): string[] {
  return files.flatMap((file) =>
    server
      .kubectl(['apply', '--validate=strict', '--dry-run=server', '-f', file])
      .stderr.split('\n')
      .filter((l) => l.startsWith('Warning: '))
      .map((l) => `${relative(root, file)}: ${l}`),
  );
}

/**
 * Splits kubectl's errors by file. kubectl names the file in most errors ("error when creating
 * \"FILE\""), but prints a lone Invalid error as `The Kind "name" is invalid`: that one is found
 * by the kind and name of the objects in the files.
 */
export function rejectionsIn(stderr: string, files: readonly string[], root: string): Rejection[] {
  const blocks = stderr
    .split(/\n(?=Error from server|error: |error when |The \S+ "[^"]+" is invalid)/)
    .map((b) => b.trim())
    .filter((b) => b !== '');
  const byLength = [...files].sort((a, b) => b.length - a.length);
  return blocks.map((block) => {
    const file = byLength.find((f) => block.includes(`"${f}"`)) ?? fileOfInvalidObject(block, files);
    const message = file ? block.split(file).join(relative(root, file)) : block;
    return { file: file ? relative(root, file) : '(unknown file)', fields: fieldsNamedIn(block), message };
  });
}

function fileOfInvalidObject(block: string, files: readonly string[]): string | undefined {
  const invalid = /^The (\S+) "([^"]+)" is invalid/.exec(block);
  if (!invalid) return files.length === 1 ? files[0] : undefined;
  const [, kind, name] = invalid;
  const holding = files.filter((file) =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .map((d) => d.toJS() as Json | null)
      .some((o) => o?.kind === kind && (o.metadata as Json | undefined)?.name === name),
  );
  return holding.length === 1 ? holding[0] : undefined;
}

const CAUSES = 'Invalid value|Required value|Unsupported value|Forbidden|Too long|Too many|Duplicate value|Not found';

/** The field paths in a server error: `spec.x: Invalid value`, `unknown field "spec.x"`, `... field spec.x of type`. */
export function fieldsNamedIn(message: string): string[] {
  const fields = new Set<string>();
  for (const m of message.matchAll(new RegExp(`(?:^|[\\s\\[,])([A-Za-z][\\w.\\[\\]/-]*): (?:${CAUSES})`, 'g'))) fields.add(m[1]);
  for (const m of message.matchAll(/unknown field "([^"]+)"/g)) fields.add(m[1]);
  for (const m of message.matchAll(/Go struct field \w+\.([\w.]+) of type/g)) fields.add(m[1]);
  return [...fields];
}

export function describeRejections(rejections: readonly Rejection[]): string {
  return rejections.map((r) => `${r.file}${r.fields.length ? ` (${r.fields.join(', ')})` : ''}: ${r.message}`).join('\n');
}

/** Fails with every rejection, each naming its file and fields, when the server refused anything. */
export function expectAccepted(outcome: ApplyOutcome, what: string): void {
  if (outcome.status === 0 && outcome.rejections.length === 0) return;
  throw new Error(`the API server rejected ${what}:\n${describeRejections(outcome.rejections)}`);
}

/** Applies every CRD under packages/crds (third-party/ too) and waits until the server serves them. */
export function installCrds(server: ApiServer): string[] {
  const files = clusterManifests(join(REPO_ROOT, 'packages', 'crds'));
  expectAccepted(
    applyFiles(
      server,
      files.map((f) => f.path),
      { root: REPO_ROOT },
    ),
    'the CRDs',
  );
  const names = files.flatMap((f) => f.objects.map((o) => `crd/${(o.metadata as Json).name as string}`));
  const wait = server.kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...names]);
  if (wait.status !== 0) throw new Error(`CRDs not Established: ${wait.stderr}`);
  return names;
}

/** Creates the namespaces that do not exist yet (for real: a dry run needs its namespace). */
export function ensureNamespaces(server: ApiServer, names: readonly string[]): void {
  for (const name of names) {
    const result = server.kubectl(['create', 'namespace', name]);
    if (result.status !== 0 && !result.stderr.includes('AlreadyExists'))
      throw new Error(`could not create namespace ${name}: ${result.stderr}`);
  }
}

/**
 * What a cluster would receive from a package, checked without keeping it: its Namespaces are
 * applied for real (the dry runs need them, and PodSecurity reads their labels), the other
 * namespaces its objects use are created, then every file goes through apply --dry-run=server.
 */
export function dryRunPackage(server: ApiServer, dir: string): { files: ManifestFile[]; outcome: ApplyOutcome } {
  const files = clusterManifests(dir);
  const { used, declared } = namespacesOf(files);
  expectAccepted(
    applyFiles(
      server,
      declared.map((f) => f.path),
      { root: dir },
    ),
    `the Namespaces in ${dir}`,
  );
  const declaredNames = new Set(declared.flatMap((f) => f.objects.map((o) => (o.metadata as Json).name as string)));
  ensureNamespaces(
    server,
    used.filter((n) => !declaredNames.has(n)),
  );
  return {
    files,
    outcome: applyFiles(
      server,
      files.map((f) => f.path),
      { root: dir, dryRun: true },
    ),
  };
}
