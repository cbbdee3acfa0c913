/**
 * ci/check-packages.sh, the script both CI pipelines call, run for real in a scratch git
 * repository with two packages and three commits: the base, one touching a package with five
 * parameter errors (the e2e case invalid-stops), one touching a clean package, rendered and
 * committed as a site repository keeps it; a last test adds a commit that was not rendered. kpt is the real
 * one, behind a wrapper that logs each call, so the test sees the steps and their order. The
 * repository's root is a package too, and a commit touches a file there: it is never rendered whole.
 */
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT, commitAll, git, kpt, run, type CommandResult } from '@focom/test-support/kpt';

const SCRIPT = join(REPO_ROOT, 'ci', 'check-packages.sh');
const CASES = join(REPO_ROOT, 'test', 'e2e', 'cases');

let root: string;
let repo: string;
let kptLog: string;
let base: string;

function checkPackages(baseRef: string, env: Record<string, string> = {}): CommandResult {
  writeFileSync(kptLog, '');
  git(repo, ['clean', '-fdxq']);
  git(repo, ['checkout', '-q', '--', '.']);
  const { GITHUB_ACTIONS: _a, GITLAB_CI: _b, FORMAT: _c, REPORT: _d, RESULTS_DIR: _e, ...rest } = process.env;
  return run('bash', [SCRIPT, baseRef], { cwd: repo, env: { ...rest, KPT: join(root, 'kpt-logged'), ...env } });
}

/** Each kpt call as `<command> <package>`, in the order they ran. */
function kptSteps(): string[] {
  return readFileSync(kptLog, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [, command, pkg] = line.split(' ');
      return `${command} ${pkg.slice(repo.length + 1)}`;
    });
}

/** kpt fn render of the clean package, as its author does before committing (exec paths resolve from the repository). */
function renderGood(): void {
  const rendered = kpt(['fn', 'render', join(repo, 'packages', 'good'), '--allow-exec'], { cwd: REPO_ROOT });
  if (rendered.status !== 0) throw new Error(`kpt fn render failed: ${rendered.stderr}`);
}

const progress = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('check-packages: '));

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'focom-check-packages-'));
  repo = join(root, 'repo');
  kptLog = join(root, 'kpt.log');
  writeFileSync(join(root, 'kpt-logged'), `#!/bin/sh\necho "$*" >> '${kptLog}'\nexec kpt "$@"\n`);
  chmodSync(join(root, 'kpt-logged'), 0o755);
  const copy = (from: string, to: string) =>
    cpSync(join(CASES, from), join(repo, 'packages', to), { recursive: true, filter: (src) => !src.includes('/.expected') });
  copy('invalid-stops', 'bad');
  copy('delivery-argocd', 'good');
  writeFileSync(join(repo, 'README.md'), 'sites\n');
  // A package at the root holds every other: the script never renders it whole.
  writeFileSync(join(repo, 'Kptfile'), 'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: sites\n');
  git(repo, ['init', '-q']);
  commitAll(repo, 'base');
  base = git(repo, ['rev-parse', 'HEAD']).trim();
  writeFileSync(
    join(repo, 'packages', 'bad', 'edge.yaml'),
    `${readFileSync(join(repo, 'packages', 'bad', 'edge.yaml'), 'utf8')}# changed\n`,
  );
  commitAll(repo, 'touch the package with errors');
  writeFileSync(
    join(repo, 'packages', 'good', 'ocloud.yaml'),
    `${readFileSync(join(repo, 'packages', 'good', 'ocloud.yaml'), 'utf8')}# changed\n`,
  );
  writeFileSync(join(repo, 'README.md'), 'sites, changed\n');
  renderGood();
  commitAll(repo, 'touch the clean package');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ci/check-packages.sh', () => {
  it('both commits: eval and render of each package in turn, the errors as annotations on their lines, exit code 1', () => {
    const checked = checkPackages(base, { FORMAT: 'github' });
    // One stream for GitHub: the pauses of workflow commands stay in order with kpt's output.
    expect({ status: checked.status, stderr: checked.stderr }).toEqual({ status: 1, stderr: '' });
    expect(kptSteps()).toEqual(['eval packages/bad', 'render packages/bad', 'eval packages/good', 'render packages/good']);
    expect(progress(checked.stdout)).toEqual([
      'check-packages: packages/bad: kpt fn eval --exec bin/validate-template-params',
      'check-packages: packages/bad: kpt fn render',
      'check-packages: packages/good: kpt fn eval --exec bin/validate-template-params',
      'check-packages: packages/good: kpt fn render',
      'check-packages: kpt-results --format github',
      'check-packages: failed: see the errors above',
    ]);
    const lines = checked.stdout.split('\n').filter((line) => line !== '');
    // kpt's own output is printed with workflow commands paused, each pause ended by its own token.
    const paused = lines.filter((line) => line.startsWith('::stop-commands::'));
    expect(paused).toHaveLength(2);
    for (const stop of paused) expect(lines).toContain(`::${stop.slice('::stop-commands::'.length)}::`);
    expect(paused.map((p) => p.slice(17))).toEqual(paused.map(() => expect.stringMatching(/^[0-9a-f]{32}$/) as unknown));
    const errors = lines.filter((line) => /^::(error|warning)/.test(line));
    const golden = readFileSync(join(REPO_ROOT, 'commands', 'kpt-results', 'testdata', 'invalid-stops.github.txt'), 'utf8');
    expect(errors.join('\n')).toBe(
      golden
        .split('\n')
        .filter((line) => line.startsWith('::error'))
        .join('\n')
        .replace(/file=pkg\//g, 'file=packages/bad/'),
    );
    const notices = lines.filter((line) => line.startsWith('::notice'));
    expect(notices.filter((line) => line.includes('file=packages/good/'))).not.toEqual([]);
    expect(notices.every((line) => /^::notice file=packages\/(bad|good)\//.test(line))).toBe(true);
  });

  it('the clean commit alone: its package only, a GitLab report without errors, exit code 0', () => {
    const report = join(root, 'quality.json');
    const checked = checkPackages(git(repo, ['rev-parse', 'HEAD~1']).trim(), {
      GITLAB_CI: 'true',
      REPORT: report,
    });
    expect({ status: checked.status, stdout: checked.stdout }).toEqual({ status: 0, stdout: '' });
    expect(kptSteps()).toEqual(['eval packages/good', 'render packages/good']);
    expect(progress(checked.stderr).slice(-2)).toEqual([
      'check-packages: kpt-results --format gitlab',
      'check-packages: 1 package(s) checked, no error',
    ]);
    const issues = JSON.parse(readFileSync(report, 'utf8')) as { severity: string; location: { path: string } }[];
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.severity === 'info' && i.location.path.startsWith('packages/good/'))).toBe(true);
  });

  it('no package changed: nothing run, exit code 0; a base that is not a commit: exit code 2', () => {
    const unchanged = checkPackages('HEAD', { FORMAT: 'sarif', REPORT: join(root, 'empty.sarif') });
    expect(unchanged).toEqual({ status: 0, stdout: '', stderr: 'check-packages: no package changed since HEAD\n' });
    expect(kptSteps()).toEqual([]);
    expect((JSON.parse(readFileSync(join(root, 'empty.sarif'), 'utf8')) as { runs: { results: unknown[] }[] }).runs[0].results).toEqual([]);
    const unknown = checkPackages('no-such-commit');
    // Outside GitHub and GitLab the format is github: everything on stdout.
    expect(unknown).toEqual({
      status: 2,
      stdout: 'check-packages: the base no-such-commit is not a commit of this clone (fetch it, or the whole history: fetch-depth 0)\n',
      stderr: '',
    });
    expect(git(repo, ['status', '--porcelain'])).toBe('');
  });

  it('both pipelines build the functions, install the kpt the tests run and call the script', () => {
    const github = parse(readFileSync(join(REPO_ROOT, 'ci', 'github', 'focom-kpt.yml'), 'utf8')) as {
      jobs: Record<string, { steps: { run?: string }[] }>;
    };
    const gitlab = parse(readFileSync(join(REPO_ROOT, 'ci', 'gitlab', 'focom-kpt.gitlab-ci.yml'), 'utf8')) as Record<
      string,
      { before_script: string[]; script: string[] }
    >;
    const githubShell = Object.values(github.jobs).flatMap((job) => job.steps.flatMap((step) => step.run ?? []));
    const gitlabShell = Object.values(gitlab).flatMap((job) => [...job.before_script, ...job.script]);
    for (const shell of [githubShell.join('\n'), gitlabShell.join('\n')]) {
      expect(shell).toMatch(/\.focom\/ci\/install-kpt\.sh /);
      expect(shell).toContain('npm ci --ignore-scripts && npm run build');
      expect(shell).toMatch(/\.focom\/ci\/check-packages\.sh "\$/);
    }
    const pinned = /^KPT_VERSION=v(\S+)$/m.exec(readFileSync(join(REPO_ROOT, 'ci', 'install-kpt.sh'), 'utf8'))?.[1];
    expect(kpt(['version']).stdout.trim()).toBe(pinned);
  });

  it('a change committed without its render: the package and the files the render changed are named, exit code 1', () => {
    const request = join(repo, 'packages', 'good', 'provisioning-request.yaml');
    writeFileSync(request, readFileSync(request, 'utf8').replace('replicas: 3', 'replicas: 4'));
    commitAll(repo, 'more replicas, not rendered');
    const checked = checkPackages(git(repo, ['rev-parse', 'HEAD~1']).trim(), { FORMAT: 'gitlab', REPORT: join(root, 'stale.json') });
    expect(checked.status).toBe(1);
    expect(checked.stderr).toContain(
      'check-packages: packages/good: the committed package is not what it renders to: run kpt fn render on it and commit the result. The render changed:\n',
    );
    expect(checked.stderr).toMatch(/^ M packages\/good\/generated\/o2ims\/edge-5g-deployment\/deployment_ran-du\.yaml$/m);
    expect(progress(checked.stderr).slice(-1)).toEqual(['check-packages: failed: see the errors above']);
    // Reported only, when the site chooses so.
    expect(
      checkPackages(git(repo, ['rev-parse', 'HEAD~1']).trim(), {
        FORMAT: 'gitlab',
        REPORT: join(root, 'stale.json'),
        REQUIRE_RENDERED: '0',
      }).status,
    ).toBe(0);
  });
});
