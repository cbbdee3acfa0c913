/**
 * What a `--keep` run leaves in its work directory (state.json): the processes to stop and the
 * clusters' coordinates, so `provision-seed --stop DIR` can stop them and `--skip-clusters`
 * can push another package into them.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { isOwnWorkDir, WORK_DIR_MARKER } from './work-dir';

export interface KeptProcess {
  name: string;
  pid: number;
  logFile: string;
}

export interface KeptState {
  smoKubeconfig: string;
  edgeKubeconfig: string;
  /** The bare repository Porch publishes to (file://) and Flux reads (http). */
  deploymentRepository: { file: string; http: string };
  /** In start order; stopped in reverse. */
  processes: KeptProcess[];
}

const STATE_FILE = 'state.json';

export function writeState(workDir: string, state: KeptState): void {
  writeFileSync(join(workDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}

export function readState(workDir: string): Outcome<KeptState> {
  const file = join(workDir, STATE_FILE);
  if (!existsSync(file)) return fail(`${workDir} holds no ${STATE_FILE}: it is not the work directory of a provision-seed --keep run`);
  try {
    return succeed(JSON.parse(readFileSync(file, 'utf8')) as KeptState);
  } catch (error) {
    return fail(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopOne(p: KeptProcess, write: (line: string) => void): Promise<void> {
  if (!alive(p.pid)) return;
  write(`stopping ${p.name} (pid ${p.pid})`);
  process.kill(p.pid, 'SIGTERM');
  const deadline = Date.now() + 20_000;
  while (alive(p.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (alive(p.pid)) process.kill(p.pid, 'SIGKILL');
}

/** Stops every kept process (newest first, SIGKILL after 20 s) and removes the work directory. */
export async function stopKept(workDir: string, write: (line: string) => void): Promise<Outcome<void>> {
  if (!isOwnWorkDir(workDir))
    return fail(`${workDir} is not a provision-seed work directory (it holds no ${WORK_DIR_MARKER}): nothing stopped or removed`);
  const state = readState(workDir);
  if (!state.ok) return state;
  // The SMO's and the edge's processes stop side by side, each cluster's newest first (an API
  // server before its etcd).
  const byCluster = new Map<string, KeptProcess[]>();
  for (const p of state.value.processes) {
    const cluster = p.logFile.includes(`${join(workDir, 'edge')}/`) ? 'edge' : 'smo';
    byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), p]);
  }
  await Promise.all(
    [...byCluster.values()].map(async (processes) => {
      for (const p of [...processes].reverse()) await stopOne(p, write);
    }),
  );
  rmSync(workDir, { recursive: true, force: true });
  write(`removed ${workDir}`);
  return succeed(undefined);
}
