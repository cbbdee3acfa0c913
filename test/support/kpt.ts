import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root: exec paths in Kptfiles resolve against it, so kpt always runs from here. */
export const REPO_ROOT = resolve(__dirname, '..', '..');

export interface CommandResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {},
): CommandResult {
  // Scratch packages live in /tmp; kpt and git run from the repository root unless told otherwise.
  const result: SpawnSyncReturns<string> = spawnSync(command, args as string[], {
    cwd: options.cwd ?? REPO_ROOT,
    input: options.input,
    env: options.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function kpt(args: readonly string[], options: { cwd?: string; input?: string } = {}): CommandResult {
  return run('kpt', args, options);
}

/** A scratch copy of a package in a fresh git repository, so a render shows up as a diff. */
export function scratchPackage(source: string, name = 'pkg'): string {
  const root = mkdtempSync(join(tmpdir(), 'focom-e2e-'));
  const target = join(root, name);
  cpSync(source, target, { recursive: true, filter: (src) => !src.split('/').includes('.expected') });
  git(target, ['init', '-q']);
  commitAll(target, 'original');
  return target;
}

export function git(cwd: string, args: readonly string[]): string {
  const result = run('git', ['-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', '-c', 'core.autocrlf=false', ...args], { cwd });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

export function commitAll(cwd: string, message: string): void {
  git(cwd, ['add', '-A']);
  git(cwd, ['commit', '-q', '--allow-empty', '-m', message]);
}

/** The working tree's change against HEAD, new files included. */
export function diffAgainstHead(cwd: string): string {
  git(cwd, ['add', '-A']);
  return git(cwd, ['diff', '--cached', '--no-color', '--no-ext-diff', 'HEAD']);
}

export interface RenderOutcome extends CommandResult {
  results: string;
}

export function render(pkg: string, extraArgs: readonly string[] = []): RenderOutcome {
  const resultsDir = mkdtempSync(join(tmpdir(), 'focom-results-'));
  const outcome = kpt(['fn', 'render', pkg, '--allow-exec', `--results-dir=${resultsDir}`, ...extraArgs]);
  const file = join(resultsDir, 'results.yaml');
  const results = existsSync(file) ? readFileSync(file, 'utf8') : '';
  rmSync(resultsDir, { recursive: true, force: true });
  return { ...outcome, results };
}

export function removeScratch(pkg: string): void {
  rmSync(resolve(pkg, '..'), { recursive: true, force: true });
}

export function kptAvailable(): boolean {
  return run('kpt', ['version']).status === 0;
}
