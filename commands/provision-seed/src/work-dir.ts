/**
 * The work directory is provision-seed's own: it deletes folders inside it (`package/`,
 * `published/`) on every run and the whole directory on `--stop`. A marker file says that
 * provision-seed made it, so a `--work-dir` naming a folder with the user's own files is refused
 * instead of emptied.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';

export const WORK_DIR_MARKER = '.provision-seed-work-dir';

const MARKER_TEXT = 'This folder is a provision-seed work directory: provision-seed deletes its contents and, on --stop, the folder.\n';

/** Whether provision-seed made `dir` (it holds the marker). */
export function isOwnWorkDir(dir: string): boolean {
  return existsSync(join(dir, WORK_DIR_MARKER));
}

/**
 * Makes `dir` provision-seed's work directory: a new or empty folder gets the marker, a folder
 * that already holds it is reused, anything else is refused with nothing touched.
 */
export function claimWorkDir(dir: string): Outcome<void> {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) return fail(`--work-dir ${dir} is a file, not a folder`);
    if (isOwnWorkDir(dir)) return succeed(undefined);
    const entries = readdirSync(dir);
    if (entries.length > 0) {
      return fail(
        `--work-dir ${dir} holds files provision-seed did not write (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}); ` +
          'name a new or empty folder: provision-seed deletes what is inside its work directory',
      );
    }
  } else {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(join(dir, WORK_DIR_MARKER), MARKER_TEXT);
  return succeed(undefined);
}
