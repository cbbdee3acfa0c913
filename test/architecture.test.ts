/**
 * The packages' boundaries (README.md, Layout): each workspace package is used only through its
 * public entry, declares every package it imports, and depends only downwards:
 *
 *   functions -> rendering -> observability -> domain -> krm-runtime
 *   commands  -> the public entries of the packages they name
 *   cluster-harness (real clusters as local processes) imports none of ours; commands and tests use it
 *
 * A change that imports another package's internals, reaches out of its folder by relative path,
 * or adds an upward dependency fails here with the file and the import.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { preProcessFile } from 'typescript';
import { REPO_ROOT } from '@focom/test-support/kpt';

interface Manifest {
  name: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** What each package may depend on at run time; tests may add @focom/test-support. */
const ALLOWED: Record<string, readonly string[]> = {
  '@focom/krm-runtime': [],
  '@focom/cluster-harness': [],
  '@focom/domain': ['@focom/krm-runtime'],
  '@focom/observability': ['@focom/domain', '@focom/krm-runtime'],
  '@focom/rendering': ['@focom/observability', '@focom/domain', '@focom/krm-runtime'],
  '@focom/validate-template-params': ['@focom/rendering', '@focom/observability', '@focom/domain', '@focom/krm-runtime'],
  '@focom/expand-provisioning-request': ['@focom/rendering', '@focom/observability', '@focom/domain', '@focom/krm-runtime'],
  '@focom/inject-ocloud-targeting': ['@focom/rendering', '@focom/observability', '@focom/domain', '@focom/krm-runtime'],
  '@focom/focom-render': [
    '@focom/domain',
    '@focom/validate-template-params',
    '@focom/expand-provisioning-request',
    '@focom/inject-ocloud-targeting',
    '@focom/krm-runtime',
  ],
  // Its tests take free ports from the harness.
  '@focom/observe-slos': ['@focom/observability', '@focom/domain', '@focom/krm-runtime', '@focom/cluster-harness'],
  // It reads kpt's results, not the functions: a CI job may convert any function's results.
  '@focom/kpt-results': ['@focom/krm-runtime'],
  '@focom/focom-status': ['@focom/domain', '@focom/krm-runtime'],
  // It runs focom-status's controller in its own process.
  '@focom/provision-seed': ['@focom/cluster-harness', '@focom/focom-status', '@focom/rendering', '@focom/domain', '@focom/krm-runtime'],
  '@focom/test-support': ['@focom/cluster-harness', '@focom/observability', '@focom/domain', '@focom/krm-runtime'],
};

/** Packages whose entry may be followed by a file name (`@focom/test-support/kpt`). */
const FILE_EXPORTS = new Set(['@focom/test-support']);

interface Workspace {
  dir: string;
  manifest: Manifest;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

function workspaces(): Workspace[] {
  const root = readManifest(REPO_ROOT);
  return (root.workspaces ?? []).flatMap((pattern) => {
    const dirs = pattern.endsWith('/*')
      ? readdirSync(join(REPO_ROOT, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => join(REPO_ROOT, pattern.slice(0, -2), e.name))
      : [join(REPO_ROOT, pattern)];
    return dirs.filter((dir) => existsSync(join(dir, 'package.json'))).map((dir) => ({ dir, manifest: readManifest(dir) }));
  });
}

function sourceFiles(dir: string, skip: ReadonlySet<string> = new Set()): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return ['node_modules', 'testdata', 'dist', 'go'].includes(entry.name) || skip.has(path) ? [] : sourceFiles(path, skip);
    }
    return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module specifier of imports, re-exports, import() and require(), as TypeScript reads them. */
function specifiers(text: string): string[] {
  return preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const BUILTINS = new Set(builtinModules);
const isTest = (file: string) => /\.test\.ts$/.test(file);
const within = (file: string, dir: string) => file === dir || file.startsWith(dir + sep);

describe('package boundaries', () => {
  const all = workspaces();
  const byName = new Map(all.map((w) => [w.manifest.name, w]));

  it('every workspace package has a place in the dependency direction', () => {
    expect(all.map((w) => w.manifest.name).filter((name) => !(name in ALLOWED))).toEqual([]);
  });

  it('the allowed direction has no cycle', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const cycles: string[] = [];
    const visit = (name: string, path: string[]) => {
      if (done.has(name)) return;
      if (visiting.has(name)) {
        cycles.push([...path, name].join(' -> '));
        return;
      }
      visiting.add(name);
      for (const next of ALLOWED[name] ?? []) visit(next, [...path, name]);
      visiting.delete(name);
      done.add(name);
    };
    Object.keys(ALLOWED).forEach((name) => visit(name, []));
    expect(cycles).toEqual([]);
  });

  it.each(all.map((w) => [w.manifest.name, w] as const))(
    '%s imports only what it declares, downwards, through public entries',
    (name, ws) => {
      const problems: string[] = [];
      const declared = { ...ws.manifest.dependencies };
      const declaredDev = { ...ws.manifest.devDependencies };
      for (const dep of Object.keys(declared)) {
        if (dep.startsWith('@focom/') && !(ALLOWED[name] ?? []).includes(dep)) problems.push(`package.json: ${dep} is not below ${name}`);
      }
      for (const dep of Object.keys(declaredDev)) {
        if (dep.startsWith('@focom/') && dep !== '@focom/test-support' && !(ALLOWED[name] ?? []).includes(dep) && byName.has(dep)) {
          problems.push(`package.json devDependencies: ${dep} is not below ${name}`);
        }
      }
      for (const file of sourceFiles(ws.dir)) {
        const where = relative(REPO_ROOT, file);
        for (const spec of specifiers(readFileSync(file, 'utf8'))) {
          if (spec.startsWith('.')) {
            const target = resolve(dirname(file), spec);
            if (!within(target, ws.dir)) problems.push(`${where}: '${spec}' reaches out of ${name}; import the package that holds it`);
            continue;
          }
          const pkg = packageName(spec.replace(/^node:/, ''));
          if (spec.startsWith('node:') || BUILTINS.has(pkg)) continue;
          // An example shows a user's function, which imports the package by its name.
          if (pkg === name && !relative(ws.dir, file).startsWith('example/')) {
            problems.push(`${where}: '${spec}' imports its own package by name; use a relative import`);
            continue;
          }
          if (pkg === name) continue;
          if (pkg.startsWith('@focom/') && spec !== pkg && !FILE_EXPORTS.has(pkg)) {
            problems.push(`${where}: '${spec}' reaches into ${pkg}'s internals; import '${pkg}'`);
          }
          const inDeps = pkg in declared;
          const inDev = pkg in declaredDev;
          if (!inDeps && !(inDev && (isTest(file) || name === '@focom/test-support'))) {
            problems.push(`${where}: '${pkg}' is not declared in ${relative(REPO_ROOT, join(ws.dir, 'package.json'))}`);
          }
          if (pkg === '@focom/test-support' && !isTest(file) && name !== '@focom/test-support') {
            problems.push(`${where}: shipped code imports test support`);
          }
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it('the build scripts and system tests use packages through their public entries', () => {
    const skip = new Set(all.map((w) => w.dir));
    const files = ['functions', 'scripts', 'test'].flatMap((d) => sourceFiles(join(REPO_ROOT, d), skip));
    const problems: string[] = [];
    for (const file of files) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          const owner = all.find((w) => within(target, w.dir));
          if (owner)
            problems.push(`${relative(REPO_ROOT, file)}: '${spec}' reaches into ${owner.manifest.name}; import '${owner.manifest.name}'`);
        } else if (spec.startsWith('@focom/') && spec !== packageName(spec) && !FILE_EXPORTS.has(packageName(spec))) {
          problems.push(`${relative(REPO_ROOT, file)}: '${spec}' reaches into ${packageName(spec)}'s internals`);
        }
      }
    }
    // The one deliberate exception: the generated validators name the formats module by path.
    expect(problems).toEqual([]);
  });

  it('the KRM runtime knows nothing of FoCoM', () => {
    const runtime = byName.get('@focom/krm-runtime');
    expect(runtime).toBeDefined();
    const vocabulary = /focom\.nephio\.org|provisioning\.oran\.org|\bOCloud\b|TemplateInfo|FocomTemplate|ProvisioningRequest/;
    const mentions = sourceFiles(runtime!.dir)
      .filter((file) => !isTest(file))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${relative(REPO_ROOT, file)}:${i + 1}` }))
          .filter(({ line }) => !/^\s*(\/\/|\*|\/\*)/.test(line) && vocabulary.test(line))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      );
    expect(mentions).toEqual([]);
  });
});
