import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file below `root` (relative paths), skipping `.git`. */
export function listFiles(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === '.git') return [];
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(root, full) : [relative(root, full)];
  });
}
