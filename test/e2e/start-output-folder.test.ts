/**
 * `npm start` removes nothing it did not create. The path decision (planOutput) is tested
 * without processes; prepareOutput on scratch folders; and the built script itself runs in a
 * scratch copy of a repository (its own scripts/, a .git, uncommitted work, a file beside it) with
 * `..`, `/`, `.`, symbolic links, a missing path and a foreign out/ folder: each is one line on
 * stderr, exit code 1, and every file of the scratch tree is still there, byte for byte.
 * Never run against the real work tree.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Entry, OWNED_MARKER, lookOnDisk, packageFolder, planOutput, prepareOutput } from '../../scripts/output-folder';
import { REPO_ROOT } from '@focom/test-support/kpt';

/** Every entry below `dir`: files with their text, symbolic links with their target (never followed). */
function tree(dir: string, prefix = ''): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const path = `${prefix}${name}`;
    const stat = lstatSync(full);
    if (stat.isSymbolicLink()) entries[path] = `-> ${readlinkSync(full)}`;
    else if (stat.isDirectory()) Object.assign(entries, { [`${path}/`]: '' }, tree(full, `${path}/`));
    else entries[path] = readFileSync(full, 'utf8');
  }
  return entries;
}

describe('where npm start may write (planOutput, pure)', () => {
  const root = '/home/me/repo';
  const disk =
    (entries: Record<string, Entry>) =>
    (path: string): Entry =>
      entries[path] ?? 'missing';

  it('renders a package into a new out/<name>, or over an earlier output it marked', () => {
    expect(planOutput('/home/me/repo/packages/examples/seed-edge', root, disk({}))).toEqual({
      ok: true,
      value: {
        source: '/home/me/repo/packages/examples/seed-edge',
        out: '/home/me/repo/out/seed-edge',
        shown: 'out/seed-edge',
        replace: false,
      },
    });
    expect(
      planOutput('/elsewhere/site-a', root, disk({ '/home/me/repo/out': 'directory', '/home/me/repo/out/site-a': 'owned-directory' })),
    ).toMatchObject({ ok: true, value: { out: '/home/me/repo/out/site-a', replace: true } });
  });

  it.each([
    ['the repository', '/home/me/repo', /is the repository or a folder that holds it/],
    ['a parent of it', '/home/me', /is the repository or a folder that holds it/],
    ['the file system root', '/', /is the repository or a folder that holds it/],
    ['out itself', '/home/me/repo/out', /would be inside the package/],
    ['its own output', '/home/me/repo/out/seed-edge', /is inside the output folder out\/seed-edge/],
  ])('refuses %s as the package', (_what, source, message) => {
    expect(planOutput(source, root, disk({}))).toMatchObject({ ok: false, reason: expect.stringMatching(message) as unknown });
  });

  it('never replaces an output folder it did not mark, a symbolic link, or a file, nor writes through a linked out/', () => {
    const source = '/home/me/repo/packages/seed-edge';
    const out = '/home/me/repo/out/seed-edge';
    expect(planOutput(source, root, disk({ [out]: 'directory' }))).toEqual({
      ok: false,
      reason: `out/seed-edge exists and npm start did not create it (it has no ${OWNED_MARKER} file); move it away or remove it yourself`,
    });
    expect(planOutput(source, root, disk({ [out]: 'symlink' }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/is a symbolic link npm start did not create/) as unknown,
    });
    expect(planOutput(source, root, disk({ [out]: 'file' }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/is a file npm start did not create/) as unknown,
    });
    expect(planOutput(source, root, disk({ '/home/me/repo/out': 'symlink' }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^out is a symbolic link, not a folder/) as unknown,
    });
  });
});

describe('preparing the output folder, on scratch folders', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = realpathSync(mkdtempSync(join(tmpdir(), 'focom-start-prepare-')));
    mkdirSync(join(scratch, 'repo', 'pkg'), { recursive: true });
    writeFileSync(join(scratch, 'repo', 'pkg', 'Kptfile'), 'kind: Kptfile\n');
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('marks the folder it creates, replaces it next time, and leaves a folder it did not mark alone', () => {
    const root = join(scratch, 'repo');
    const source = packageFolder('pkg', root);
    expect(source).toEqual({ ok: true, value: join(root, 'pkg') });
    const plan = planOutput(join(root, 'pkg'), root, lookOnDisk);
    if (!plan.ok) throw new Error(plan.reason);
    expect(prepareOutput(plan.value, root)).toEqual({ ok: true, value: undefined });
    expect(tree(join(root, 'out'))).toEqual({
      'pkg/': '',
      [`pkg/${OWNED_MARKER}`]: expect.any(String) as unknown,
      'pkg/Kptfile': 'kind: Kptfile\n',
    });
    writeFileSync(join(root, 'out', 'pkg', 'stale.yaml'), 'stale\n');
    const again = planOutput(join(root, 'pkg'), root, lookOnDisk);
    expect(again).toMatchObject({ ok: true, value: { replace: true } });
    if (!again.ok) return;
    expect(prepareOutput(again.value, root)).toEqual({ ok: true, value: undefined });
    expect(Object.keys(tree(join(root, 'out')))).toEqual(['pkg/', `pkg/${OWNED_MARKER}`, 'pkg/Kptfile']);

    rmSync(join(root, 'out', 'pkg', OWNED_MARKER));
    writeFileSync(join(root, 'out', 'pkg', 'my-notes.txt'), 'mine\n');
    const before = tree(scratch);
    expect(prepareOutput(again.value, root)).toMatchObject({ ok: false, reason: expect.stringMatching(/did not create it/) as unknown });
    expect(tree(scratch)).toEqual(before);
  });

  it('turns a missing path into one line, and reads an absolute path as given', () => {
    expect(packageFolder('no/such/package', join(scratch, 'repo'))).toEqual({ ok: false, reason: 'no/such/package: no such folder' });
    expect(packageFolder(join(scratch, 'repo', 'pkg'), '/nowhere')).toEqual({ ok: true, value: join(scratch, 'repo', 'pkg') });
    expect(packageFolder(join(scratch, 'repo', 'pkg', 'Kptfile'), '/nowhere')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/is not a folder$/) as unknown,
    });
  });
});

describe('npm start in a scratch repository', () => {
  let scratch: string;
  let repo: string;

  beforeAll(() => {
    scratch = realpathSync(mkdtempSync(join(tmpdir(), 'focom-start-scratch-')));
    repo = join(scratch, 'repo');
    cpSync(join(REPO_ROOT, 'scripts'), join(repo, 'scripts'), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(repo, 'node_modules'));
    mkdirSync(join(repo, '.git'));
    writeFileSync(join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(repo, 'package.json'), '{"name": "scratch"}\n');
    writeFileSync(join(repo, 'uncommitted.ts'), 'work in progress\n');
    mkdirSync(join(repo, 'packages', 'site'), { recursive: true });
    writeFileSync(join(repo, 'packages', 'site', 'Kptfile'), 'kind: Kptfile\n');
    writeFileSync(join(scratch, 'beside-the-repo.txt'), 'not the repository\n');
    symlinkSync(repo, join(repo, 'packages', 'link-to-repo'));
    symlinkSync(scratch, join(scratch, 'link-to-parent'));
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  function start(arg: string, cwd = repo) {
    return spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'scripts', 'render-example.ts'), arg], { cwd, encoding: 'utf8' });
  }

  it.each([
    ['..', /^npm start: .+ is the repository or a folder that holds it; name a package folder\n$/],
    ['/', /^npm start: \/ is the repository or a folder that holds it; name a package folder\n$/],
    ['.', /^npm start: .+ is the repository or a folder that holds it; name a package folder\n$/],
    ['packages/..', /is the repository or a folder that holds it/],
    ['packages/link-to-repo', /is the repository or a folder that holds it/],
    ['LINK_TO_PARENT', /is the repository or a folder that holds it/],
    ['no/such/package', /^npm start: no\/such\/package: no such folder\n$/],
  ])('%s: one line, exit code 1, nothing removed', (arg, message) => {
    const before = tree(scratch);
    const started = start(arg === 'LINK_TO_PARENT' ? join(scratch, 'link-to-parent') : arg);
    expect({ status: started.status, stdout: started.stdout }).toEqual({ status: 1, stdout: '' });
    expect(started.stderr).toMatch(message);
    expect(started.stderr.split('\n')).toHaveLength(2);
    expect(tree(scratch)).toEqual(before);
  });

  it('an out/<name> it did not create, or an out/ that is a symbolic link, is left alone', () => {
    mkdirSync(join(repo, 'out', 'site'), { recursive: true });
    writeFileSync(join(repo, 'out', 'site', 'precious.txt'), 'mine\n');
    let before = tree(scratch);
    let started = start('packages/site');
    expect({ status: started.status, stderr: started.stderr }).toEqual({
      status: 1,
      stderr: `npm start: out/site exists and npm start did not create it (it has no ${OWNED_MARKER} file); move it away or remove it yourself\n`,
    });
    expect(tree(scratch)).toEqual(before);

    rmSync(join(repo, 'out'), { recursive: true });
    symlinkSync(scratch, join(repo, 'out'));
    before = tree(scratch);
    started = start(join(repo, 'packages', 'site'));
    expect({ status: started.status, stderr: started.stderr }).toEqual({
      status: 1,
      stderr: 'npm start: out is a symbolic link, not a folder: npm start writes only into a real out/ folder\n',
    });
    expect(tree(scratch)).toEqual(before);
    rmSync(join(repo, 'out'));
  });
});
