/**
 * `npm run template-repo -- <path>`: makes a template repository from the library, as a team that
 * publishes templates keeps one: a new bare git repository at <path> whose history adds each
 * release of packages/templates, oldest first, every one tagged `packages/templates/<name>/<version>`
 * so that `kpt pkg get file://<path>/packages/templates/<name>@<version>` fetches it. It refuses a
 * <path> that exists, and removes only what it made itself: its scratch clone, and <path> when it fails.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTemplatePackage } from '@focom/domain';
import { type TemplateRelease, orderReleases, releaseDirectory, releaseTag } from './template-releases';

const LIBRARY = resolve(__dirname, '..', 'packages', 'templates');
const USAGE = 'usage: npm run template-repo -- <path of a new bare git repository, e.g. out/templates.git>';

function git(cwd: string, args: readonly string[]): void {
  // The user's own git settings (signing, hooks) must not stop or change the commits made here.
  const identity = [
    ...['-c', 'user.name=focom template-repo', '-c', 'user.email=template-repo@focom.invalid', '-c', 'core.autocrlf=false'],
    ...['-c', 'commit.gpgSign=false', '-c', 'tag.gpgSign=false', '-c', 'core.hooksPath=/dev/null'],
  ];
  const result = spawnSync('git', [...identity, ...args], { cwd, encoding: 'utf8' });
  if (result.error) throw new Error(`git could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr.trim()}`);
}

/** A library folder's release, read as the functions read their library (its FocomTemplate, checked). */
function readRelease(folder: string): TemplateRelease {
  const template = loadTemplatePackage(join(LIBRARY, folder));
  return { folder, name: template.name, version: template.version };
}

function main(argv: string[]): number {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true });
  if (positionals.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return 1;
  }
  // npm run starts scripts in the repository root; the path is the user's, from where they ran npm.
  const target = resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]);
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
  const work = mkdtempSync(join(tmpdir(), 'focom-template-repo-'));
  let made = false;
  try {
    git(target, ['init', '-q', '--bare', '--initial-branch=main']);
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
    made = true;
  } finally {
    rmSync(work, { recursive: true, force: true });
    // The target did not exist before this run: a half-made repository is removed, not left to be refused.
    if (!made) rmSync(target, { recursive: true, force: true });
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
