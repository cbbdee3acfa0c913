/**
 * Phase 1: the tools provision-seed needs on PATH, and the binaries it runs from the caches
 * libs/cluster-harness/build.sh fills (built from the Go module proxy when missing, unless --skip-build).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import {
  BUILD_SCRIPT,
  buildCommand,
  type CacheName,
  fluxKwokHome,
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
  /** Where its binaries are looked for (an environment variable may point elsewhere). */
  home: () => string;
  /** What the finder looks for there and does not find. */
  missing: () => string[];
  /** The cold build time build.sh announces, in minutes on a 2-core machine. */
  coldMinutes: number;
}

const CACHES: readonly Cache[] = [
  {
    what: 'kube-apiserver and kubectl',
    cache: 'kube-apiserver',
    home: kubeBinDir,
    missing: () => missingFromCache('kube-apiserver', kubeBinDir(), kubeBinDir()),
    coldMinutes: 7,
  },
  { what: 'Porch', cache: 'porch', home: porchHome, missing: () => missingFromCache('porch', porchHome()), coldMinutes: 10 },
  {
    what: 'Flux, kwok, kube-controller-manager and kube-scheduler',
    cache: 'flux-kwok',
    home: fluxKwokHome,
    missing: () => missingFluxKwok(),
    coldMinutes: 23,
  },
];

/** One cache as found now: what of it is missing (nothing when it is built). */
export interface CacheState {
  what: string;
  cache: CacheName;
  home: string;
  missing: string[];
  coldMinutes: number;
}

export function cacheStates(): CacheState[] {
  return CACHES.map((c) => ({ what: c.what, cache: c.cache, home: c.home(), missing: c.missing(), coldMinutes: c.coldMinutes }));
}

function coldBuild(minutes: number): string {
  return `a cold build takes about ${minutes} minutes on 2 cores`;
}

/** What of the cache is missing: the whole directory, or the paths in it. */
function whatIsMissing(state: CacheState): string {
  if (!existsSync(state.home)) return `${state.home} does not exist`;
  return `missing from ${state.home}: ${state.missing.map((path) => relative(state.home, path)).join(', ')}`;
}

export interface PrerequisitesPlan {
  /** One line per cache and per missing tool, for the phase's steps. */
  steps: string[];
  /** The phase's closing words: "done" only when a run would need nothing more. */
  summary: string;
}

/**
 * What a real run would find and do, for --dry-run (which builds nothing): each cache cached or
 * what is missing with the build a run starts and its cold time, and the tools a run lacks.
 */
export function planPrerequisites(
  caches: readonly CacheState[],
  missingRunTools: readonly string[],
  skipBuild: boolean,
): PrerequisitesPlan {
  const toBuild = caches.filter((c) => c.missing.length > 0);
  const steps = caches.map((c) => {
    if (c.missing.length === 0) return `${c.what}: cached`;
    const build = `bash ${buildCommand(c.cache)} (${coldBuild(c.coldMinutes)})`;
    return skipBuild
      ? `${c.what}: not built (${whatIsMissing(c)}); a run with --skip-build stops here: run ${build}`
      : `${c.what}: not built (${whatIsMissing(c)}): a run starts with ${build}`;
  });
  steps.push(...missingRunTools.map((tool) => `a run stops here: ${tool}`));
  const found: string[] = [];
  if (toBuild.length > 0) {
    const minutes = toBuild.reduce((sum, c) => sum + c.coldMinutes, 0);
    const consequence = skipBuild
      ? 'a run with --skip-build stops at them'
      : `a run builds them first: about ${minutes} minutes cold on 2 cores`;
    found.push(`${toBuild.length} of ${caches.length} caches not built (${consequence})`);
  }
  if (missingRunTools.length > 0)
    found.push(`${missingRunTools.length} ${missingRunTools.length === 1 ? 'tool' : 'tools'} a run needs not on PATH`);
  return { steps, summary: found.length === 0 ? 'done' : `found ${found.join(' and ')}` };
}

const FUNCTIONS = ['validate-template-params', 'expand-provisioning-request', 'inject-ocloud-targeting', 'focom-render'];

/**
 * Checks tools and caches and builds what is missing (unless skipBuild), reporting each build
 * through step; the failure lists everything missing and what to do. A dry run builds nothing: it
 * reports what a run would find and build. The value is the phase's closing words.
 */
export function ensurePrerequisites(options: { skipBuild: boolean; dryRun: boolean }, step: (message: string) => void): Outcome<string> {
  const root = repoRoot();
  const problems: string[] = [];
  const missingFunctions = FUNCTIONS.filter((f) => !existsSync(join(root, 'bin', f)));
  if (missingFunctions.length > 0)
    problems.push(`bin/${missingFunctions.join(', bin/')} missing: run npm ci (or npm run build) in ${root}`);
  const caches = cacheStates();
  const toBuild = caches.filter((c) => c.missing.length > 0);
  const tools = TOOLS.filter((t) => t.name !== 'go' || (toBuild.length > 0 && !options.skipBuild));
  if (options.dryRun) {
    problems.push(...missingTools([KPT]));
    if (problems.length > 0) return fail(problems.join('\n'));
    const plan = planPrerequisites(caches, missingTools(tools), options.skipBuild);
    for (const line of plan.steps) step(line);
    return succeed(plan.summary);
  }
  problems.push(...missingTools(tools));
  if (options.skipBuild)
    for (const c of toBuild)
      problems.push(`${c.what}: not built (--skip-build): run bash ${buildCommand(c.cache)} (${coldBuild(c.coldMinutes)})`);
  if (problems.length > 0) return fail(problems.join('\n'));
  for (const c of caches) if (!toBuild.includes(c)) step(`${c.what}: cached`);
  for (const c of toBuild) {
    step(`${c.what}: not built yet, running ${buildCommand(c.cache)} (${coldBuild(c.coldMinutes)}; later runs reuse it)`);
    const built = spawnSync('bash', [join(root, BUILD_SCRIPT), c.cache], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (built.status !== 0) return fail(`${buildCommand(c.cache)} failed (exit ${built.status ?? built.signal}): see its output above`);
    step(`${c.what}: built`);
  }
  return succeed('done');
}
