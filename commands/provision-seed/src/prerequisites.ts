/**
 * Phase 1: the tools provision-seed needs on PATH, and the binaries it runs from the caches
 * libs/cluster-harness/build.sh fills (built from the Go module proxy when missing, unless --skip-build).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import {
  BUILD_SCRIPT,
  buildCommand,
  type CacheName,
  kubeBinDir,
  missingFluxKwok,
  missingFromCache,
  porchHome,
  repoRoot,
} from '@focom/cluster-harness';

export interface Tool {
  name: string;
  why: string;
  install: string;
}

/** What must be on PATH, why, and how to get it. */
export const TOOLS: readonly Tool[] = [
  { name: 'git', why: 'Porch and Flux exchange the package through a git repository', install: 'apt-get install git' },
  { name: 'openssl', why: 'the clusters get their own CA and certificates', install: 'apt-get install openssl' },
  { name: 'etcd', why: 'each kube-apiserver stores its objects in its own etcd', install: 'apt-get install etcd-server' },
  {
    name: 'go',
    why: 'missing cluster binaries are built from the Go module proxy',
    install: 'https://go.dev/dl/ (Go 1.26), then put go on PATH',
  },
];

/** The dry run renders with kpt instead of Porch. */
export const KPT: Tool = {
  name: 'kpt',
  why: 'the dry run renders the package with kpt',
  install: 'the kpt v1 binary from https://github.com/kptdev/kpt/releases',
};

export function onPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) if (dir && existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

/** Every missing tool, one line each with what to install; go only when something must be built. */
export function missingTools(tools: readonly Tool[], find: (name: string) => string | undefined = onPath): string[] {
  return tools.filter((t) => find(t.name) === undefined).map((t) => `${t.name} is not on PATH (${t.why}): install it with ${t.install}`);
}

interface Cache {
  what: string;
  cache: CacheName;
  missing: () => boolean;
  coldBuild: string;
}

const CACHES: readonly Cache[] = [
  {
    what: 'kube-apiserver and kubectl',
    cache: 'kube-apiserver',
    missing: () => missingFromCache('kube-apiserver', kubeBinDir(), kubeBinDir()).length > 0,
    coldBuild: 'about 7 minutes',
  },
  {
    what: 'Porch',
    cache: 'porch',
    missing: () => missingFromCache('porch', porchHome()).length > 0,
    coldBuild: 'about 10 minutes',
  },
  {
    what: 'Flux, kwok, kube-controller-manager and kube-scheduler',
    cache: 'flux-kwok',
    missing: () => missingFluxKwok().length > 0,
    coldBuild: 'about 23 minutes on a busy 2-core machine',
  },
];

const FUNCTIONS = ['validate-template-params', 'expand-provisioning-request', 'inject-ocloud-targeting', 'focom-render'];

/**
 * Checks tools and caches and builds what is missing (unless skipBuild), reporting each build
 * through step; the failure lists everything missing and what to do.
 */
export function ensurePrerequisites(options: { skipBuild: boolean; dryRun: boolean }, step: (message: string) => void): Outcome<void> {
  const root = repoRoot();
  const problems: string[] = [];
  const missingFunctions = FUNCTIONS.filter((f) => !existsSync(join(root, 'bin', f)));
  if (missingFunctions.length > 0)
    problems.push(`bin/${missingFunctions.join(', bin/')} missing: run npm ci (or npm run build) in ${root}`);
  if (options.dryRun) {
    problems.push(...missingTools([KPT]));
    return problems.length > 0 ? fail(problems.join('\n')) : succeed(undefined);
  }
  const toBuild = CACHES.filter((c) => c.missing());
  const tools = TOOLS.filter((t) => t.name !== 'go' || (toBuild.length > 0 && !options.skipBuild));
  problems.push(...missingTools(tools));
  if (options.skipBuild)
    for (const c of toBuild)
      problems.push(`${c.what} are not built (--skip-build): run bash ${buildCommand(c.cache)} (a cold build takes ${c.coldBuild})`);
  if (problems.length > 0) return fail(problems.join('\n'));
  for (const c of CACHES) if (!toBuild.includes(c)) step(`${c.what}: cached`);
  for (const c of toBuild) {
    step(`${c.what}: not built yet, running ${buildCommand(c.cache)} (a cold build takes ${c.coldBuild}; later runs reuse it)`);
    const built = spawnSync('bash', [join(root, BUILD_SCRIPT), c.cache], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (built.status !== 0) return fail(`${buildCommand(c.cache)} failed (exit ${built.status ?? built.signal}): see its output above`);
    step(`${c.what}: built`);
  }
  return succeed(undefined);
}
