/**
 * bin/kpt-results on results the real kpt wrote: `kpt fn render` and `kpt fn eval` of a scratch
 * copy of the e2e case invalid-stops (five parameter errors), each format compared whole with its
 * golden file (testdata/, UPDATE_GOLDEN=1 rewrites them), SARIF and GitLab's report checked for
 * their required fields. Then hostile results (paths leaving the package, line breaks and
 * workflow commands in messages, terminal escapes) and files that are no results at all.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectGoldenText } from '@focom/test-support/golden';
import { REPO_ROOT, type CommandResult, kpt, removeScratch, render, run, scratchPackage } from '@focom/test-support/kpt';

const BIN = join(REPO_ROOT, 'bin', 'kpt-results');
const TESTDATA = join(REPO_ROOT, 'commands', 'kpt-results', 'testdata');

let pkg: string;
let root: string;

function convert(args: readonly string[]): CommandResult {
  return run(BIN, args, { cwd: root });
}

beforeAll(() => {
  pkg = scratchPackage(join(REPO_ROOT, 'test', 'e2e', 'cases', 'invalid-stops'), 'pkg');
  root = join(pkg, '..');
  const rendered = render(pkg);
  expect(rendered.status).toBe(1);
  writeFileSync(join(root, 'render.yaml'), rendered.results);
  const evalDir = join(root, 'eval');
  mkdirSync(evalDir);
  const evaluated = kpt(['fn', 'eval', pkg, '--exec', './bin/validate-template-params', `--results-dir=${evalDir}`, '-o', 'stdout']);
  expect(evaluated.status).toBe(1);
});

afterAll(() => removeScratch(pkg));

describe('kpt-results on the results of kpt fn render', () => {
  it.each([
    ['github', 'invalid-stops.github.txt'],
    ['gitlab', 'invalid-stops.gitlab.json'],
    ['sarif', 'invalid-stops.sarif.json'],
  ])('%s: the whole output, exit code 1 for the errors', (format, golden) => {
    const converted = convert(['--format', format, '--package', 'pkg', 'render.yaml']);
    expect({ status: converted.status, stderr: converted.stderr }).toEqual({ status: 1, stderr: '' });
    expectGoldenText(join(TESTDATA, golden), converted.stdout);
  });

  it("kpt fn eval's results beside render's: each finding once", () => {
    const both = convert(['--format', 'github', '--package', 'pkg', 'eval/results.yaml', 'render.yaml']);
    expect(both).toEqual({ status: 1, stdout: readFileSync(join(TESTDATA, 'invalid-stops.github.txt'), 'utf8'), stderr: '' });
  });

  it('SARIF 2.1.0: the fields a viewer needs, each result on a relative file and a line', () => {
    const log = JSON.parse(convert(['--format', 'sarif', '--package', 'pkg', 'render.yaml']).stdout) as SarifLog;
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    for (const sarifRun of log.runs) {
      expect(typeof sarifRun.tool.driver.name).toBe('string');
      const rules = sarifRun.tool.driver.rules ?? [];
      expect(sarifRun.results.length).toBe(6);
      for (const result of sarifRun.results) {
        expect(typeof result.message.text).toBe('string');
        expect(['error', 'warning', 'note', 'none']).toContain(result.level);
        expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
        for (const location of result.locations) {
          const { artifactLocation, region } = location.physicalLocation;
          expect(artifactLocation.uri).toMatch(/^pkg\/[^/:]+$/);
          expect(Number.isInteger(region.startLine) && region.startLine >= 1).toBe(true);
        }
      }
    }
  });

  it("GitLab's code quality: every field it requires, a severity it knows, fingerprints unique", () => {
    const issues = JSON.parse(convert(['--format', 'gitlab', '--package', 'pkg', 'render.yaml']).stdout) as CodeQualityIssue[];
    expect(issues).toHaveLength(6);
    for (const issue of issues) {
      expect(typeof issue.description).toBe('string');
      expect(typeof issue.check_name).toBe('string');
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
      expect(issue.location.path).toMatch(/^pkg\//);
      expect(issue.location.lines.begin).toBeGreaterThanOrEqual(1);
    }
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
  });
});

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules?: { id: string }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
    }[];
  }[];
}

interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

describe('kpt-results on hostile and broken input', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'focom-kpt-results-'));
    mkdirSync(join(scratch, 'site'));
    writeFileSync(join(scratch, 'outside.yaml'), 'spec:\n  secret: 1\n');
    writeFileSync(join(scratch, 'site', 'a,b:c.yaml'), 'kind: X\nspec:\n  value: 1\n');
    symlinkSync('../outside.yaml', join(scratch, 'site', 'link.yaml'));
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const resultsFile = (results: string, exitCode = 1) =>
    `apiVersion: kpt.dev/v1\nkind: FunctionResultList\nmetadata:\n  name: fnresults\nexitCode: ${exitCode}\nitems:\n  - image: ghcr.io/example/check:v1\n    exitCode: ${exitCode}\n    results:\n${results}`;

  function runIn(args: readonly string[]): CommandResult {
    return run(BIN, args, { cwd: scratch });
  }

  it('paths out of the package are refused (line 1 of the results file); messages cannot start a command', () => {
    writeFileSync(
      join(scratch, 'hostile.yaml'),
      resultsFile(
        [
          '      - message: "escapes\\n::error file=README.md::injected 100% \\e[2J"',
          '        severity: error',
          '        file: {path: ../outside.yaml}',
          '      - message: absolute',
          '        severity: warning',
          '        file: {path: /etc/passwd}',
          '      - message: "a comma, a colon: in the name"',
          '        severity: warning',
          '        field: {path: spec.value}',
          '        file: {path: "a,b:c.yaml"}',
          '      - message: through a link',
          '        severity: info',
          '        field: {path: spec.secret}',
          '        file: {path: link.yaml}',
          '',
        ].join('\n'),
      ),
    );
    const converted = runIn(['--format', 'github', '--package', 'site', 'hostile.yaml']);
    expect(converted).toEqual({
      status: 1,
      stderr: '',
      stdout: [
        '::error file=hostile.yaml,line=1,title=check::escapes%0A::error file=README.md::injected 100%25 ' +
          ' [2J (the result names the file "../outside.yaml", outside the package site: refused)',
        '::warning file=hostile.yaml,line=1,title=check::absolute (the result names the file "/etc/passwd", outside the package site: refused)',
        '::warning file=site/a%2Cb%3Ac.yaml,line=3,col=3,title=check%3A spec.value::a comma, a colon: in the name',
        '::notice file=site/link.yaml,line=1,title=check%3A spec.secret::through a link',
        '',
      ].join('\n'),
    });
    const sarif = runIn(['--format', 'sarif', '--package', 'site', 'hostile.yaml']);
    expect(sarif.stdout).toContain('"uri": "site/a%2Cb%3Ac.yaml"');
    expect(sarif.stdout).not.toContain('\u001b');
  });

  it('warnings and notes only: exit code 0; a function that failed without an error result: exit code 1', () => {
    writeFileSync(join(scratch, 'warnings.yaml'), resultsFile('      - message: careful\n        severity: warning\n', 0));
    expect(runIn(['--format', 'gitlab', 'warnings.yaml']).status).toBe(0);
    writeFileSync(
      join(scratch, 'crashed.yaml'),
      resultsFile('      []\n').replace('    results:\n', '    stderr: "boom\\n"\n    results:\n'),
    );
    expect(runIn(['--format', 'github', '--package', 'site', 'crashed.yaml'])).toEqual({
      status: 1,
      stdout: '::error file=site/Kptfile,line=1,title=check::check failed with exit code 1: boom\n',
      stderr: '',
    });
  });

  it.each([
    [['--format', 'github', 'missing.yaml'], 'kpt-results: missing.yaml cannot be read (ENOENT)\n'],
    [
      ['--format', 'github', 'outside.yaml'],
      expect.stringMatching(/^kpt-results: outside\.yaml is not a kpt results file \(apiVersion kpt\.dev\/v1/),
    ],
    [['--format', 'github', 'site'], 'kpt-results: site is not a file\n'],
    [
      ['--format', 'html', 'x.yaml'],
      'kpt-results: --format must be one of github, gitlab, sarif, not "html"\nkpt-results: see kpt-results --help\n',
    ],
    [
      ['x.yaml', '--verbose'],
      'kpt-results: unknown option --verbose\nkpt-results: --format is required: github, gitlab, sarif\nkpt-results: see kpt-results --help\n',
    ],
  ])('%j: one clear message, exit code 2, no stack trace', (args, stderr: unknown) => {
    expect(runIn(args)).toEqual({ status: 2, stdout: '', stderr });
  });

  it('a file that is not YAML, and results of the wrong shape', () => {
    writeFileSync(join(scratch, 'not-yaml.yaml'), 'a: [1, 2\n');
    expect(runIn(['--format', 'sarif', 'not-yaml.yaml'])).toMatchObject({
      status: 2,
      stdout: '',
      stderr: expect.stringMatching(/^kpt-results: not-yaml\.yaml is not valid YAML: [^\n]+\n$/) as unknown,
    });
    writeFileSync(join(scratch, 'wrong.yaml'), resultsFile('      - message: [1]\n        file: {path: a, index: -1}\n'));
    expect(runIn(['--format', 'sarif', 'wrong.yaml'])).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'kpt-results: wrong.yaml is not a kpt results file: items[0].results[0].message is not a string; items[0].results[0].file.index is not a whole number >= 0\n',
    });
  });
});
