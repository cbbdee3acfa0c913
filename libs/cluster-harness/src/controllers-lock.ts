/**
 * porch-controllers binds its health probe on a fixed port, so one Porch with controllers runs on
 * a machine at a time. A lock file (in the OS temporary directory, holding the owner's pid) makes
 * the others wait their turn instead of failing; a lock whose owner died is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CONTROLLERS_LOCK = join(tmpdir(), 'focom-porch-controllers.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holder(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock (waiting up to timeoutMs while a live process holds it); the function that releases it. */
export async function acquireControllersLock(timeoutMs: number, path = CONTROLLERS_LOCK): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let held = true;
      return () => {
        if (!held) return;
        held = false;
        if (holder(path) === process.pid) unlinkSync(path);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = holder(path);
    if (owner === undefined || !alive(owner)) {
      // An owner that died (or a half-written file): take it over. A racing taker loses at openSync.
      try {
        unlinkSync(path);
      } catch {
        // another waiter removed it first
      }
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(`porch-controllers is held by process ${owner} (lock ${path}) for longer than ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
