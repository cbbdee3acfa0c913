/**
 * porch-controllers binds its health probe on a fixed port, so one Porch with controllers runs on
 * a machine at a time. A lock file (in the OS temporary directory, holding the owner's pid) makes
 * the others wait their turn instead of failing; a lock whose owner died is taken over.
 */
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
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

/**
 * Takes the lock (waiting up to timeoutMs while a live process holds it); the function that releases it.
 * The lock file is made with its content in one step (a hard link to a file already holding our
 * pid), so a waiter never reads an empty lock; a dead owner's lock is moved aside under a unique
 * name and checked again there before it is removed, so a waiter never removes a live one.
 */
export async function acquireControllersLock(timeoutMs: number, path = CONTROLLERS_LOCK): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  const mine = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(mine, `${process.pid}\n`);
  try {
    for (;;) {
      try {
        linkSync(mine, path);
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
      if (owner !== undefined && !alive(owner)) {
        const aside = `${path}.stale.${process.pid}.${Math.random().toString(36).slice(2)}`;
        try {
          renameSync(path, aside);
        } catch {
          continue; // another waiter moved it first
        }
        const moved = holder(aside);
        if (moved !== undefined && alive(moved)) {
          // A live owner's lock after all (it took over between our read and the move): put it back.
          try {
            linkSync(aside, path);
          } catch {
            // a third process took the path meanwhile; it holds the lock now
          }
        }
        unlinkSync(aside);
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`porch-controllers is held by process ${owner ?? 'unknown'} (lock ${path}) for longer than ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    unlinkSync(mine);
  }
}
