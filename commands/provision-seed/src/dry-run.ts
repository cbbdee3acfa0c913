/**
 * --dry-run's render: the Porch copy of the package rendered by kpt with this project's
 * executables in place of the image names (what Porch's function runner maps them to), printed
 * file by file. Nothing is started and the operator's package is not touched.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { repoRoot, run } from '@focom/cluster-harness';
import { IMAGE_PREFIX, IMAGE_TAG } from './package';

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const full = join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(dir);
  return out;
}

export function renderLocally(porchPackageDir: string): Outcome<string> {
  const root = mkdtempSync(join(tmpdir(), 'focom-seed-dry-run-'));
  try {
    const pkg = join(root, 'pkg');
    cpSync(porchPackageDir, pkg, { recursive: true });
    const kptfile = join(pkg, 'Kptfile');
    const imagePattern = new RegExp(`image: ${IMAGE_PREFIX.replace(/[.]/g, '\\.')}/([a-z-]+):${IMAGE_TAG.replace(/[.]/g, '\\.')}`, 'g');
    const original = readFileSync(kptfile, 'utf8');
    writeFileSync(
      kptfile,
      original.replace(imagePattern, (_, fn: string) => `exec: ${join(repoRoot(), 'bin', fn)}`),
    );
    const rendered = run('kpt', ['fn', 'render', pkg, '--allow-exec'], { cwd: repoRoot() });
    if (rendered.status !== 0) return fail(`the package does not render:\n${rendered.stderr.trim()}`);
    const binDir = join(repoRoot(), 'bin');
    const back = readFileSync(kptfile, 'utf8').split(`exec: ${binDir}/`);
    writeFileSync(
      kptfile,
      back.map((part, i) => (i === 0 ? part : part.replace(/^([a-z-]+)/, `image: ${IMAGE_PREFIX}/$1:${IMAGE_TAG}`))).join(''),
    );
    return succeed(
      files(pkg)
        .map((f) => `--- ${relative(pkg, f)}\n${readFileSync(f, 'utf8').trimEnd()}`)
        .join('\n'),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
