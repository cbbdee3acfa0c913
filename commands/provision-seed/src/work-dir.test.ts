import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopKept } from './state';
import { claimWorkDir, isOwnWorkDir, WORK_DIR_MARKER } from './work-dir';

describe('the work directory is provision-seed’s own', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'work-dir-test-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('makes a new folder and marks it', () => {
    const dir = join(scratch, 'run');
    expect(claimWorkDir(dir)).toEqual({ ok: true, value: undefined });
    expect(readdirSync(dir)).toEqual([WORK_DIR_MARKER]);
  });

  it('marks an empty folder and reuses a marked one', () => {
    expect(claimWorkDir(scratch).ok).toBe(true);
    writeFileSync(join(scratch, 'state.json'), '{}');
    expect(claimWorkDir(scratch).ok).toBe(true);
    expect(isOwnWorkDir(scratch)).toBe(true);
  });

  it('refuses a folder with the user’s files and touches nothing', () => {
    mkdirSync(join(scratch, 'published'));
    writeFileSync(join(scratch, 'notes.md'), 'mine');
    const claimed = claimWorkDir(scratch);
    expect(claimed).toEqual({
      ok: false,
      reason: `--work-dir ${scratch} holds files provision-seed did not write (notes.md, published); name a new or empty folder: provision-seed deletes what is inside its work directory`,
    });
    expect(readdirSync(scratch).sort()).toEqual(['notes.md', 'published']);
  });

  it('--stop does not delete a folder provision-seed did not make, even with a state.json', async () => {
    writeFileSync(join(scratch, 'state.json'), JSON.stringify({ processes: [] }));
    const lines: string[] = [];
    const stopped = await stopKept(scratch, (line) => lines.push(line));
    expect(stopped.ok).toBe(false);
    expect(existsSync(join(scratch, 'state.json'))).toBe(true);
  });
});
