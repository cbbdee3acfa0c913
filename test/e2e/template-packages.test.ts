/**
 * Templates as kpt packages, end to end with the real kpt and git, on this machine only: a
 * template repository (a bare git repository reached as file://) holds the library's 5g-ran-du
 * folder, tagged `packages/templates/5g-ran-du/v1.0.0` and `.../v1.1.0` as kpt expects for a
 * package in a subdirectory. A site package fetches it with `kpt pkg get` and moves it on with
 * `kpt pkg update`. The functions run as an image that predates 5g-ran-du would (its library holds
 * only 5g-upf), so the template the site uses is the one it fetched: no image rebuild.
 *
 * Each step's package diff and kpt results are compared with `template-packages/<step>/`
 * (UPDATE_GOLDEN=1 rewrites them).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UPDATE_ENV } from '@focom/test-support/golden';
import { REPO_ROOT, commitAll, diffAgainstHead, git, kpt, removeScratch, run, scratchPackage } from '@focom/test-support/kpt';
import { messagesRepeatingTheirPath, resultsOfKptResults } from '@focom/test-support/result-messages';

const EXPECTED = join(REPO_ROOT, 'test', 'e2e', 'template-packages');
const TEMPLATE_DIR = 'packages/templates/5g-ran-du';

let root: string;
let bare: string;
let library: string;
let site: string;

/** Temporary paths, commit ids and the blob ids of files that record them vary per run. */
function normalise(text: string): string {
  return text
    .split(root)
    .join('<tmp>')
    .split(site)
    .join('<site>')
    .replace(/\b[0-9a-f]{40}\b/g, '<commit>')
    .replace(/^index [0-9a-f]+\.\.[0-9a-f]+/gm, 'index <blobs>')
    .replace(/ in \d+(\.\d+)?m?s/g, ' in <time>');
}

function expectStep(step: string, diff: string, results: string): void {
  const dir = join(EXPECTED, step);
  const actual = { diff: normalise(diff), results: normalise(results) };
  if (process.env[UPDATE_ENV] === '1') {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'diff.patch'), actual.diff);
    writeFileSync(join(dir, 'results.yaml'), actual.results);
  }
  expect(actual).toEqual({ diff: readFileSync(join(dir, 'diff.patch'), 'utf8'), results: readFileSync(join(dir, 'results.yaml'), 'utf8') });
  expect(messagesRepeatingTheirPath(resultsOfKptResults(results))).toEqual([]);
}

/** `kpt fn render` as the older image would run it: its template library holds only 5g-upf. */
function renderSite(): { status: number; results: string; stderr: string } {
  const resultsDir = mkdtempSync(join(tmpdir(), 'focom-results-'));
  try {
    const outcome = run('kpt', ['fn', 'render', site, '--allow-exec', `--results-dir=${resultsDir}`], {
      env: { ...process.env, FOCOM_TEMPLATE_LIBRARY: library },
    });
    const file = join(resultsDir, 'results.yaml');
    return { status: outcome.status, stderr: outcome.stderr, results: existsSync(file) ? readFileSync(file, 'utf8') : '' };
  } finally {
    rmSync(resultsDir, { recursive: true, force: true });
  }
}

function kptIn(cwd: string, args: string[]): void {
  const outcome = kpt(args, { cwd });
  if (outcome.status !== 0) throw new Error(`kpt ${args.join(' ')} failed:\n${outcome.stderr}`);
}

function setTemplateVersion(version: string): void {
  const file = join(site, 'template-info.yaml');
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace('  template: "5g-ran-du"\n', `  template: "5g-ran-du"\n  templateVersion: ${version}\n`));
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'focom-template-repo-'));
  bare = join(root, 'templates.git');
  git(root, ['init', '-q', '--bare', bare]);
  const work = join(root, 'work');
  git(root, ['clone', '-q', bare, work]);
  for (const [folder, version] of [
    ['5g-ran-du-v1.0.0', 'v1.0.0'],
    ['5g-ran-du-v1.1.0', 'v1.1.0'],
  ]) {
    rmSync(join(work, TEMPLATE_DIR), { recursive: true, force: true });
    cpSync(join(REPO_ROOT, 'packages', 'templates', folder), join(work, TEMPLATE_DIR), { recursive: true });
    commitAll(work, `5g-ran-du ${version}`);
    git(work, ['tag', `${TEMPLATE_DIR}/${version}`]);
  }
  git(work, ['push', '-q', 'origin', 'HEAD:refs/heads/main', '--tags']);

  library = join(root, 'library');
  cpSync(join(REPO_ROOT, 'packages', 'templates', '5g-upf'), join(library, '5g-upf'), { recursive: true });
  site = scratchPackage(join(REPO_ROOT, 'packages', 'examples', 'seed-edge'));
});

afterAll(() => {
  if (site) removeScratch(site);
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('a template fetched with kpt pkg get and upgraded with kpt pkg update', () => {
  it('kpt pkg get @v1.0.0: the site renders with the fetched folder, whose manifests are neither rendered nor stamped', () => {
    mkdirSync(join(site, 'templates'));
    kptIn(site, ['pkg', 'get', `file://${bare}/${TEMPLATE_DIR}@v1.0.0`, 'templates/5g-ran-du']);
    expect(readFileSync(join(site, 'templates', '5g-ran-du', 'template.yaml'), 'utf8')).toContain('templateVersion: v1.0.0');
    commitAll(site, 'kpt pkg get 5g-ran-du@v1.0.0');
    const rendered = renderSite();
    expect({ status: rendered.status, stderr: rendered.stderr }).toEqual({ status: 0, stderr: rendered.stderr });
    const diff = diffAgainstHead(site);
    expect(diff).not.toContain('templates/5g-ran-du/');
    expectStep('1-pkg-get-v1.0.0', diff, rendered.results);
  });

  it('kpt pkg update @v1.1.0 alone upgrades nothing: the request names no version and keeps v1.0.0, which is gone, so the render stops', () => {
    commitAll(site, 'rendered with 5g-ran-du@v1.0.0');
    kptIn(site, ['pkg', 'update', 'templates/5g-ran-du@v1.1.0']);
    expect(readFileSync(join(site, 'templates', '5g-ran-du', 'template.yaml'), 'utf8')).toContain('templateVersion: v1.1.0');
    commitAll(site, 'kpt pkg update 5g-ran-du@v1.1.0');
    const rendered = renderSite();
    expect(rendered.status).toBe(1);
    const diff = diffAgainstHead(site);
    expect(diff).toBe('');
    expectStep('2-pkg-update-v1.1.0', diff, rendered.results);
  });

  it('naming v1.1.0 upgrades the site, and the render reports what changed', () => {
    setTemplateVersion('v1.1.0');
    commitAll(site, 'TemplateInfo names v1.1.0');
    const rendered = renderSite();
    expect({ status: rendered.status, stderr: rendered.stderr }).toEqual({ status: 0, stderr: rendered.stderr });
    const diff = diffAgainstHead(site);
    expect(diff).not.toContain('templates/5g-ran-du/');
    expectStep('3-name-v1.1.0', diff, rendered.results);
  });

  it('rendering again changes nothing', () => {
    commitAll(site, 'rendered with 5g-ran-du@v1.1.0');
    expect(renderSite().status).toBe(0);
    expect(diffAgainstHead(site)).toBe('');
  });
});
