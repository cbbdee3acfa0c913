import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { acquireControllersLock } from './controllers-lock';

describe('the porch-controllers lock', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'focom-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lets one holder in at a time, the next one in once it is released', async () => {
    const path = join(dir, 'lock');
    const release = await acquireControllersLock(1000, path);
    expect(readFileSync(path, 'utf8')).toBe(`${process.pid}\n`);
    let second: (() => void) | undefined;
    const waiting = acquireControllersLock(10_000, path).then((r) => (second = r));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(second).toBeUndefined();
    release();
    await waiting;
    expect(existsSync(path)).toBe(true);
    second!();
    expect(existsSync(path)).toBe(false);
  });

  it('takes over a lock whose owner is gone, and gives up on a live one after the timeout, naming it', async () => {
    const path = join(dir, 'lock');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(path, `${gone}\n`);
    (await acquireControllersLock(1000, path))();
    writeFileSync(path, `${process.ppid}\n`);
    await expect(acquireControllersLock(1200, path)).rejects.toThrow(`porch-controllers is held by process ${process.ppid}`);
  });
});
