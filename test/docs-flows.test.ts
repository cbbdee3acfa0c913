/**
 * The documented flows, run as written: every shell block of README.md and docs/*.md that a
 * reader is told to run, in a scratch copy of the repository (its files as a fresh clone has them,
 * committed to a new git repository), page by page and block by block in order, with a reader's
 * environment (no npm_*, FOCOM_* or NODE_ENV, neither node_modules/.bin nor Go on PATH). README.md
 * goes first: its `npm ci` installs and builds the copy the other pages then use. A block shown as
 * output (`<!-- docs-test: output -->`) must appear in what the run block before it printed; a
 * block marked `<!-- docs-test: skip: <why> -->` is not run, and must be on the reviewed list below.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type DocBlock, type DocStep, docSteps, showsPrintedOutput } from '@focom/test-support/doc-blocks';
import { REPO_ROOT, commitAll, git } from '@focom/test-support/kpt';

const PAGES = [
  'README.md',
  ...readdirSync(join(REPO_ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];
const BLOCK_TIMEOUT_MS = 15 * 60_000;

const parsed = PAGES.map((page) => ({ page, ...docSteps(readFileSync(join(REPO_ROOT, page), 'utf8'), page) }));

let scratch = '';
const printed = new Map<DocBlock, string>();

/** The repository's files as a clone has them (tracked, and new files git does not ignore). */
function copyRepository(target: string): void {
  const listed = git(REPO_ROOT, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']).split('\0');
  for (const file of listed) {
    const from = join(REPO_ROOT, file);
    if (file === '' || !existsSync(from) || lstatSync(from).isDirectory()) continue;
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(from, join(target, file), { verbatimSymlinks: true });
  }
  git(target, ['init', '-q', '--initial-branch=main']);
  commitAll(target, 'the repository as the docs test found it');
}

/** What npm (lower-case npm_*), jest and the test set-up put in the environment; a reader's NPM_CONFIG_* stays. */
const ADDED_BY_THE_RUN = /^(npm_|FOCOM_|JEST_)|^(INIT_CWD|NODE_OPTIONS|NODE_ENV|NODE|COLOR|FORCE_COLOR)$/;

/** The environment of a reader's shell: what npm, jest and scripts/test.sh add is left out. */
function readerEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!ADDED_BY_THE_RUN.test(key)) env[key] = value;
  // scripts/test.sh puts Go on PATH for the cluster builds; no documented block may need it.
  const goDirs = new Set(['/usr/local/go/bin', join(homedir(), 'go', 'bin')]);
  env.PATH = (process.env.PATH ?? '')
    .split(':')
    .filter((dir) => !dir.includes('node_modules/.bin') && !dir.includes('node-gyp-bin') && !goDirs.has(dir))
    .join(':');
  return env;
}

function runBlock(block: DocBlock): void {
  const result = spawnSync('bash', ['-euo', 'pipefail', '-c', block.text], {
    cwd: scratch,
    env: readerEnvironment(),
    encoding: 'utf8',
    timeout: BLOCK_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  printed.set(block, result.stdout ?? '');
  if (result.status !== 0) {
    const tail = (text: string): string => text.split('\n').slice(-40).join('\n');
    throw new Error(
      `${block.file}:${block.line}: the block exited with ${result.status ?? result.signal ?? result.error?.message}:\n${block.text}\n` +
        `--- stdout (end) ---\n${tail(result.stdout ?? '')}\n--- stderr (end) ---\n${tail(result.stderr ?? '')}`,
    );
  }
}

function title(step: Exclude<DocStep, { kind: 'skip' }>): string {
  if (step.kind === 'run') return `${step.block.file}:${step.block.line} runs: ${step.block.text.split('\n')[0]}`;
  return `${step.block.file}:${step.block.line} is what ${step.of.file}:${step.of.line} prints`;
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'focom-docs-'));
  copyRepository(scratch);
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the docs', () => {
  it('mark every block they do not run, with the reason, and every output they show', () => {
    expect(parsed.flatMap((p) => p.problems)).toEqual([]);
  });

  it('leave unrun only the blocks reviewed as such (a new skip marker is added here, knowingly)', () => {
    const skipped = parsed.flatMap((p) =>
      p.steps.filter((s) => s.kind === 'skip').map((s) => `${s.block.file}: ${s.block.text.split('\n')[0].trim()}`),
    );
    expect(skipped).toEqual([
      'README.md: curl -fsSL -o /usr/local/bin/kpt https://github.com/kptdev/kpt/releases/download/v1.0.0-beta.56/kpt_linux_amd64',
      'README.md: npm test',
      'docs/porch.md: kubectl apply --server-side -f crds/                 # Repository, PackageRev, PackageVariant(Set)',
      'docs/provision-seed.md: $ npm run provision-seed',
      'docs/slos.md: git worktree add /tmp/site-a-delivered main           # or: porchctl rpkg pull <published revision> /tmp/site-a-delivered',
      'docs/slos.md: kpt fn render edge-sites/site-a --allow-exec',
      'docs/testing.md: $ kubectl get oclouds,templateinfos,focomprovisioningrequests -n o2ims',
    ]);
  });

  it('tell the reader to run something: README.md and docs/templates.md do', () => {
    const runs = new Set(parsed.flatMap((p) => p.steps.filter((s) => s.kind === 'run').map((s) => s.block.file)));
    expect([...runs]).toEqual(expect.arrayContaining(['README.md', 'docs/templates.md']));
  });
});

describe.each(parsed.filter((p) => p.steps.length > 0))('$page, as written', ({ steps }) => {
  for (const step of steps) {
    if (step.kind === 'skip') continue;
    if (step.kind === 'run') it(title(step), () => runBlock(step.block), BLOCK_TIMEOUT_MS);
    else
      it(title(step), () => {
        const output = printed.get(step.of);
        if (output === undefined) throw new Error(`${step.of.file}:${step.of.line} did not run, so its output cannot be compared`);
        if (!showsPrintedOutput(step.block.text, output))
          throw new Error(
            `${step.block.file}:${step.block.line} shows:\n${step.block.text}\nbut ${step.of.file}:${step.of.line} printed:\n${output}`,
          );
      });
  }
});

describe('the scratch copy after the docs ran', () => {
  it("has the repository's own examples and templates unchanged: nothing in the docs renders inside them", () => {
    const changed = git(scratch, ['status', '--porcelain', '--', 'packages']);
    expect(changed).toBe('');
  });
});
