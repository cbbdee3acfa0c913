/**
 * `npm run template-repo -- <path>`: makes a template repository from the library, as a team that
 * publishes templates keeps one: a new bare git repository at <path> whose history adds each
 * release of packages/templates, oldest first, every one tagged `packages/templates/<name>/<version>`
 * so that `kpt pkg get file://<path>/packages/templates/<name>@<version>` fetches it. It refuses a
 * <path> that exists, and removes only the scratch clone it made itself.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { type TemplateRelease, orderReleases, releaseDirectory, releaseTag } from './template-releases';

const LIBRARY = resolve(__dirname, '..', 'packages', 'templates');
const USAGE = 'usage: npm run template-repo -- <path of a new bare git repository, e.g. out/templates.git>';

function git(cwd: string, args: readonly string[]): void {
  const identity = ['-c', 'user.name=focom template-repo', '-c', 'user.email=template-repo@focom.invalid', '-c', 'core.autocrlf=false'];
  const result = spawnSync('git', [...identity, ...args], { cwd, encoding: 'utf8' });
  if (result.error) throw new Error(`git could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr.trim()}`);
}

function readRelease(folder: string): TemplateRelease {
  const document: unknown = parse(readFileSync(join(LIBRARY, folder, 'template.yaml'), 'utf8'));
  const spec = typeof document === 'object' && document !== null ? (document as { spec?: unknown }).spec : undefined;
  const field = (key: string): string => {
    const value = typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>)[key] : undefined;
    return typeof value === 'string' ? value : '';
  };
  return { folder, name: field('templateName'), version: field('templateVersion') };
}

function main(argv: string[]): number {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true });
  if (positionals.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return 1;
  }
  const target = resolve(positionals[0]);
  if (existsSync(target)) {
    process.stderr.write(`template-repo: ${positionals[0]} exists; name a new path (nothing was changed)\n`);
    return 1;
  }
  const folders = readdirSync(LIBRARY, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(LIBRARY, entry.name, 'template.yaml')))
    .map((entry) => entry.name);
  const { releases, problems } = orderReleases(folders.map(readRelease));
  if (problems.length > 0) {
    process.stderr.write(problems.map((p) => `template-repo: packages/templates/${p}\n`).join(''));
    return 1;
  }
  mkdirSync(target, { recursive: true });
  git(target, ['init', '-q', '--bare', '--initial-branch=main']);
  const work = mkdtempSync(join(tmpdir(), 'focom-template-repo-'));
  try {
    git(work, ['init', '-q', '--initial-branch=main']);
    for (const release of releases) {
      const directory = join(work, releaseDirectory(release));
      rmSync(directory, { recursive: true, force: true });
      cpSync(join(LIBRARY, release.folder), directory, { recursive: true });
      git(work, ['add', '-A']);
      git(work, ['commit', '-q', '--allow-empty', '-m', `${release.name} ${release.version}`]);
      git(work, ['tag', releaseTag(release)]);
    }
    git(work, ['push', '-q', target, 'main', '--tags']);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  process.stdout.write(
    `made ${positionals[0]}: ${releases.length} releases, tagged\n${releases.map((r) => `  ${releaseTag(r)}\n`).join('')}`,
  );
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`template-repo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
