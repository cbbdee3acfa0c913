/**
 * Where `npm start` may write, and what it may remove: only `out/<name>/` below the repository,
 * a real folder (no symbolic link on the way) that it created itself and marked so. The decision
 * (planOutput) is pure, from what is on disk as `look` reports it; prepareOutput does the I/O.
 */
import { cpSync, lstatSync, mkdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';

/** The file npm start writes into each output folder it creates; a folder without it is never removed. */
export const OWNED_MARKER = '.focom-npm-start-output';

/** What is at a path, without following a symbolic link at the path itself. */
export type Entry = 'missing' | 'directory' | 'owned-directory' | 'file' | 'symlink';

export interface OutputPlan {
  /** The package to render, absolute, symbolic links resolved. */
  source: string;
  /** `<root>/out/<name>`, absolute. */
  out: string;
  /** `out/<name>`, as messages name it. */
  shown: string;
  /** Whether an earlier output of npm start is there to remove first. */
  replace: boolean;
}

/** `inner` is `outer` or below it. */
export function isWithin(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Where the package `source` (real path, absolute) renders to below `root` (the repository, real
 * path), or why it may not: the output must be a new or owned folder strictly inside `<root>/out`,
 * neither the package, nor inside it, nor the repository, nor a parent of either.
 */
export function planOutput(source: string, root: string, look: (path: string) => Entry): Outcome<OutputPlan> {
  const name = basename(source);
  const outRoot = join(root, 'out');
  if (name === '' || name === '.' || name === '..' || source === root || isWithin(root, source))
    return fail(`${source} is the repository or a folder that holds it; name a package folder`);
  const out = join(outRoot, name);
  const shown = `out/${name}`;
  if (isWithin(source, out))
    return fail(`${source} is inside the output folder ${shown}, which npm start replaces; name the package itself`);
  if (isWithin(out, source)) return fail(`the output ${shown} would be inside the package ${source}; copy the package elsewhere first`);
  if (!isWithin(out, outRoot) || out === outRoot || isWithin(root, out)) return fail(`the output ${shown} is not a folder inside out/`);
  const top = look(outRoot);
  if (top !== 'missing' && top !== 'directory' && top !== 'owned-directory')
    return fail(`out is a ${top === 'symlink' ? 'symbolic link' : 'file'}, not a folder: npm start writes only into a real out/ folder`);
  const existing = look(out);
  if (existing === 'symlink' || existing === 'file')
    return fail(`${shown} is a ${existing === 'symlink' ? 'symbolic link' : 'file'} npm start did not create; move it away`);
  if (existing === 'directory')
    return fail(`${shown} exists and npm start did not create it (it has no ${OWNED_MARKER} file); move it away or remove it yourself`);
  return succeed({ source, out, shown, replace: existing === 'owned-directory' });
}

/** What is at `path`: lstat, and for a folder whether it carries the marker as a plain file. */
export function lookOnDisk(path: string): Entry {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return 'missing';
  }
  if (stat.isSymbolicLink()) return 'symlink';
  if (!stat.isDirectory()) return 'file';
  try {
    return lstatSync(join(path, OWNED_MARKER)).isFile() ? 'owned-directory' : 'directory';
  } catch {
    return 'directory';
  }
}

/** The package named on the command line (absolute as given, relative to `root` otherwise), as a real folder path. */
export function packageFolder(arg: string, root: string): Outcome<string> {
  const given = isAbsolute(arg) ? arg : resolve(root, arg);
  try {
    const real = realpathSync(given);
    if (!statSync(real).isDirectory()) return fail(`${arg} is not a folder`);
    return succeed(real);
  } catch {
    return fail(`${arg}: no such folder`);
  }
}

/** Copies the package into a fresh output folder, marked as npm start's, replacing only an earlier marked output. */
export function prepareOutput(plan: OutputPlan, root: string): Outcome<void> {
  // Checked again just before removing: the plan may be stale.
  const again = planOutput(plan.source, root, lookOnDisk);
  if (!again.ok) return again;
  try {
    if (again.value.replace) rmSync(plan.out, { recursive: true });
    mkdirSync(join(root, 'out'), { recursive: true });
    mkdirSync(plan.out);
    writeFileSync(join(plan.out, OWNED_MARKER), 'Made by npm start (scripts/render-example.ts), which replaces this folder on each run.\n');
    cpSync(plan.source, plan.out, { recursive: true, filter: (from) => basename(from) !== OWNED_MARKER || from === plan.source });
    return succeed(undefined);
  } catch (error) {
    return fail(`cannot write ${plan.shown}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
