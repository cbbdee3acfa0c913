/**
 * Running programs to completion, and finding the repository the harness runs from (its binaries'
 * versions, the cache layout and the functions Porch runs are read from there).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface CommandResult {
  status: number;
  stdout: string;
  stderr: string;
}

let root: string | undefined;

/**
 * The repository root: the nearest directory above this module holding this project's
 * package.json. Works from the sources (ts-jest), from dist/ and from dist/bundle/.
 */
export function repoRoot(): string {
  if (root !== undefined) return root;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'focom-krm-functions') {
      root = dir;
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`cannot find the focom-krm-functions repository above ${__dirname}`);
  }
}

/** Runs a program to completion; a program that cannot start at all throws. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): CommandResult {
  const result: SpawnSyncReturns<string> = spawnSync(command, args as string[], {
    cwd: options.cwd ?? repoRoot(),
    input: options.input,
    env: options.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** git with a fixed identity and no CRLF conversion; fails with git's message. */
export function git(cwd: string, args: readonly string[]): string {
  const result = run('git', ['-c', 'user.email=focom@example.com', '-c', 'user.name=focom', '-c', 'core.autocrlf=false', ...args], { cwd });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}
