/**
 * Package revisions in a real Porch, driven the way a user drives them: porchctl rpkg
 * init/pull/push/propose/approve, and the git repository Porch publishes into.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import { type Porch, PORCH_NAMESPACE } from '@focom/cluster-harness';
import { type CommandResult, git, REPO_ROOT, render } from './kpt';

type Json = Record<string, unknown>;

/** Porch's bookkeeping file in a pulled package (name, resourceVersion): never part of the package. */
export const REVISION_METADATA = '.KptRevisionMetadata';

/** The `image:` of every step in a package's Kptfile pipeline, mutators then validators. */
export function pipelineImages(pkgDir: string): string[] {
  const kptfile = parse(readFileSync(join(pkgDir, 'Kptfile'), 'utf8')) as { pipeline?: { mutators?: Json[]; validators?: Json[] } };
  return [...(kptfile.pipeline?.mutators ?? []), ...(kptfile.pipeline?.validators ?? [])].map((step) => {
    if (typeof step.image !== 'string')
      throw new Error(`${pkgDir}/Kptfile: a Porch pipeline step needs an image (found ${JSON.stringify(step)})`);
    return step.image;
  });
}

/** Every file under dir, by path relative to it (no .git, no Porch bookkeeping). */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const full = join(current, name);
      if (name === '.git' || name === REVISION_METADATA) continue;
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(dir, full), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

/** Writes a tree (path relative to dir -> text, as readTree and gitTree return it) under dir. */
export function writeTree(dir: string, tree: ReadonlyMap<string, string>): void {
  for (const [path, text] of tree) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** The files of one package directory at a ref of a (bare) git repository, by path relative to it. */
export function gitTree(repoUrl: string, ref: string, pkgPath: string): Map<string, string> {
  const repo = repoUrl.replace(/^file:\/\//, '');
  const files = new Map<string, string>();
  const paths = git(repo, ['ls-tree', '-r', '--name-only', ref, '--', `${pkgPath}/`])
    .split('\n')
    .filter((p) => p !== '');
  for (const path of paths) files.set(relative(pkgPath, path), git(repo, ['show', `${ref}:${path}`]));
  return files;
}

/** The refs of a git repository (`refs/tags/focom-edge-site/v1` ...). */
export function gitRefs(repoUrl: string): string[] {
  return git(repoUrl.replace(/^file:\/\//, ''), ['for-each-ref', '--format=%(refname)'])
    .split('\n')
    .filter((r) => r !== '');
}

/**
 * `kpt fn render` of a package with the executables Porch runs for its images: bin/<function>
 * for this project's images (as Porch's function runner maps them), the catalog's
 * apply-replacements built from the module Porch links in. The rendered Kptfile gets its image
 * names back, so the tree compares with what Porch published file for file.
 */
export function renderWithKpt(pkgDir: string, applyReplacements: string): Map<string, string> {
  const root = mkdtempSync(join(tmpdir(), 'focom-kpt-render-'));
  try {
    const pkg = join(root, 'pkg');
    cpSync(pkgDir, pkg, { recursive: true });
    const original = readFileSync(join(pkg, 'Kptfile'), 'utf8');
    const execs = new Map<string, string>();
    for (const image of pipelineImages(pkgDir)) {
      const name = image
        .replace(/[@:][^/]*$/, '')
        .split('/')
        .pop()!;
      execs.set(image, name === 'apply-replacements' ? applyReplacements : join(REPO_ROOT, 'bin', name));
    }
    let kptfile = original;
    for (const [image, exec] of execs) kptfile = kptfile.split(`image: ${image}`).join(`exec: ${exec}`);
    writeFileSync(join(pkg, 'Kptfile'), kptfile);
    const rendered = render(pkg);
    if (rendered.status !== 0) throw new Error(`kpt fn render of ${pkgDir} failed:\n${rendered.stderr}`);
    let back = readFileSync(join(pkg, 'Kptfile'), 'utf8');
    for (const [image, exec] of execs) back = back.split(`exec: ${exec}`).join(`image: ${image}`);
    writeFileSync(join(pkg, 'Kptfile'), back);
    return readTree(pkg);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A porchctl run that must succeed; fails with its output and the servers' logs otherwise. */
export function porchctlOk(porch: Porch, args: readonly string[]): CommandResult {
  const result = porch.porchctl(args);
  if (result.status !== 0) throw new Error(`porchctl ${args.join(' ')} failed (${result.status}):\n${result.stderr}\n${porch.logs()}`);
  return result;
}

/** The PackageRevision Porch serves under that name, read through kube-apiserver. */
export function packageRevision(porch: Porch, name: string): PackageRevision {
  const got = porch.kubectl(['get', 'packagerevisions.porch.kpt.dev', name, '-n', PORCH_NAMESPACE, '-o', 'json']);
  if (got.status !== 0) throw new Error(`kubectl get packagerevision ${name} failed: ${got.stderr}`);
  return JSON.parse(got.stdout) as PackageRevision;
}

/** Every PackageRevision Porch serves in PORCH_NAMESPACE. */
export function packageRevisions(porch: Porch): PackageRevision[] {
  const got = porch.kubectl(['get', 'packagerevisions.porch.kpt.dev', '-n', PORCH_NAMESPACE, '-o', 'json']);
  if (got.status !== 0) throw new Error(`kubectl get packagerevisions failed: ${got.stderr}`);
  return (JSON.parse(got.stdout) as { items: PackageRevision[] }).items;
}

/** The fields of a PackageRevision the tests read. */
export interface PackageRevision {
  metadata: { name: string; resourceVersion: string; ownerReferences?: { kind: string; name: string }[] };
  spec: {
    packageName: string;
    repository: string;
    workspaceName: string;
    revision?: number;
    lifecycle: 'Draft' | 'Proposed' | 'Published' | 'DeletionProposed';
    readinessGates?: { conditionType: string }[];
    tasks?: Json[];
  };
  status: {
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    upstreamLock?: { git?: { ref?: string; commit?: string } };
  };
}

/** Creates an empty draft with `porchctl rpkg init`; its PackageRevision name. */
export function initDraft(porch: Porch, repository: string, pkg: string, workspace: string): string {
  const created = porchctlOk(porch, ['rpkg', 'init', pkg, `--repository=${repository}`, `--workspace=${workspace}`]);
  const name = /^(\S+) created$/m.exec(created.stdout)?.[1];
  if (!name) throw new Error(`porchctl rpkg init printed no name: ${created.stdout}`);
  return name;
}

/**
 * Pulls a draft, replaces its files with those of source (Porch's bookkeeping file stays, so
 * the push updates the revision it came from), and pushes it: Porch renders the pipeline and
 * saves the result only when the render succeeds. The porchctl result, whatever it is.
 */
export function pushPackage(porch: Porch, name: string, source: string): CommandResult {
  const root = mkdtempSync(join(tmpdir(), 'focom-porch-push-'));
  try {
    const dir = join(root, 'pkg');
    porchctlOk(porch, ['rpkg', 'pull', name, dir]);
    for (const entry of readdirSync(dir)) if (entry !== REVISION_METADATA) rmSync(join(dir, entry), { recursive: true, force: true });
    cpSync(source, dir, { recursive: true });
    return porch.porchctl(['rpkg', 'push', name, dir]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Pulls a package revision into a fresh directory and reads its files. */
export function pullTree(porch: Porch, name: string): Map<string, string> {
  const root = mkdtempSync(join(tmpdir(), 'focom-porch-pull-'));
  try {
    porchctlOk(porch, ['rpkg', 'pull', name, join(root, 'pkg')]);
    return readTree(join(root, 'pkg'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A scratch copy of a package, edited by the callback, for a push that should be refused or held. */
export function editedCopy(source: string, edit: (dir: string) => void): { dir: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'focom-porch-edit-'));
  const dir = join(root, 'pkg');
  cpSync(source, dir, { recursive: true });
  edit(dir);
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * Polls check (every half second) until it returns a value; fails after timeoutMs naming what
 * was awaited, with what check last said and the servers' logs.
 */
export async function waitFor<T>(porch: Porch, what: string, check: () => T | undefined, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${porch.logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The conditions of a PackageRevision (from its Kptfile), by type. */
export function conditionsByType(revision: PackageRevision): Map<string, { status: string; reason?: string; message?: string }> {
  return new Map((revision.status.conditions ?? []).map((c) => [c.type, c]));
}
