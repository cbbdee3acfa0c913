/**
 * `npm run template-repo`: the order and tags of the releases (pure), and the repository it makes,
 * read back with git and fetched with the real kpt at a tag.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, git, kpt } from '@focom/test-support/kpt';
import { orderReleases, releaseTag } from '../scripts/template-releases';

describe('orderReleases', () => {
  it('orders by name, then by semantic version, oldest first (v1.10.0 after v1.9.0)', () => {
    const { releases, problems } = orderReleases([
      { folder: 'b', name: 'upf', version: 'v1.10.0' },
      { folder: 'a', name: 'du', version: 'v1.0.0' },
      { folder: 'c', name: 'upf', version: 'v1.9.0' },
    ]);
    expect(problems).toEqual([]);
    expect(releases.map(releaseTag)).toEqual([
      'packages/templates/du/v1.0.0',
      'packages/templates/upf/v1.9.0',
      'packages/templates/upf/v1.10.0',
    ]);
  });

  it('refuses a name that is no DNS-1123 label, a version that is not semver, and a release held twice, naming the folders', () => {
    const { releases, problems } = orderReleases([
      { folder: 'x', name: '../du', version: 'v1.0.0' },
      { folder: 'y', name: 'du', version: 'latest' },
      { folder: 'z', name: 'du', version: 'v1.0.0' },
      { folder: 'w', name: 'du', version: 'v1.0.0' },
    ]);
    expect(releases).toEqual([]);
    expect(problems).toEqual([
      'x: spec.templateName "../du" is not a DNS-1123 label',
      'y: spec.templateVersion "latest" is not a semantic version like v1.2.0',
      'w: du@v1.0.0 is also in z',
    ]);
  });
});

describe('npm run template-repo', () => {
  let root = '';
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'focom-template-repo-test-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const templateRepo = (target: string, env: NodeJS.ProcessEnv = process.env): ReturnType<typeof spawnSync> =>
    spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'template-repo.ts'), target], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env,
    });

  it('tags every library release where kpt finds it, and kpt pkg get fetches the tagged version', () => {
    const repo = join(root, 'templates.git');
    const made = templateRepo(repo);
    expect({ status: made.status, stderr: made.stderr }).toEqual({ status: 0, stderr: '' });
    const tags = git(repo, ['tag', '--list']).trim().split('\n');
    expect(tags).toEqual([
      'packages/templates/5g-ran-du/v1.0.0',
      'packages/templates/5g-ran-du/v1.1.0',
      'packages/templates/5g-ran-du/v1.2.0',
      'packages/templates/5g-upf/v1.0.0',
      'packages/templates/5g-upf/v1.1.0',
    ]);
    // Each tag holds that release's folder exactly as the library does.
    const atTag = git(repo, ['show', 'packages/templates/5g-ran-du/v1.1.0:packages/templates/5g-ran-du/template.yaml']);
    expect(atTag).toBe(readFileSync(join(REPO_ROOT, 'packages', 'templates', '5g-ran-du-v1.1.0', 'template.yaml'), 'utf8'));
    const fetched = kpt(['pkg', 'get', `file://${repo}/packages/templates/5g-ran-du@v1.0.0`, 'du'], { cwd: root });
    expect(fetched.status).toBe(0);
    expect(readFileSync(join(root, 'du', 'template.yaml'), 'utf8')).toContain('templateVersion: v1.0.0');
  });

  it('reads a relative path from where npm was run (INIT_CWD), not from the repository root', () => {
    const made = templateRepo('relative.git', { ...process.env, INIT_CWD: root });
    expect(made.status).toBe(0);
    expect(existsSync(join(root, 'relative.git', 'HEAD'))).toBe(true);
    expect(existsSync(join(REPO_ROOT, 'relative.git'))).toBe(false);
  });

  it('removes the repository it began when it fails, so that a second run is not refused', () => {
    const target = join(root, 'no-git.git');
    const made = templateRepo(target, { ...process.env, PATH: '' });
    expect(made.status).toBe(1);
    expect(String(made.stderr)).toContain('template-repo: git could not run');
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a path that exists and leaves it as it was', () => {
    const taken = join(root, 'taken');
    writeFileSync(taken, 'mine\n');
    const made = templateRepo(taken);
    expect({ status: made.status, stderr: made.stderr }).toEqual({
      status: 1,
      stderr: `template-repo: ${taken} exists; name a new path (nothing was changed)\n`,
    });
    expect(readFileSync(taken, 'utf8')).toBe('mine\n');
    expect(existsSync(join(root, 'taken.git'))).toBe(false);
  });
});
