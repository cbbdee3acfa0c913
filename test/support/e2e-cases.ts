import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { UPDATE_ENV } from './golden';
import { listFiles } from './files';
import { commitAll, diffAgainstHead, kpt, REPO_ROOT, type RenderOutcome, removeScratch, render, scratchPackage } from './kpt';
import { messagesRepeatingTheirPath, resultsOfKptResults } from './result-messages';
import { yaml11Mismatches } from './yaml11';

/**
 * End-to-end cases in the krm-functions-catalog form: each case folder is a kpt package with
 * `.expected/config.yaml` (exitCode; `package: <repo path>` to run on a package of the
 * repository; `eval: <exec path>` to run `kpt fn eval` instead of `kpt fn render`), `.expected/diff.patch` (the package's change) and
 * `.expected/results.yaml` (kpt's results). Every case runs twice: the second run must change
 * nothing. UPDATE_GOLDEN=1 rewrites the expectations.
 */
interface CaseConfig {
  exitCode?: number;
  /** Render this package of the repository instead of the case folder. */
  package?: string;
  eval?: string;
  evalArgs?: string[];
}

export function describeE2eCases(title: string, casesDir: string): void {
  const cases = readdirSync(casesDir)
    .filter((n) => statSync(join(casesDir, n)).isDirectory())
    .sort();
  describe(title, () => {
    it('has at least one case', () => expect(cases.length).toBeGreaterThan(0));
    for (const name of cases) it(name, () => checkCase(join(casesDir, name)));
  });
}

function runCase(pkg: string, config: CaseConfig): RenderOutcome {
  if (!config.eval) return render(pkg);
  const resultsDir = join(pkg, '..', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const outcome = kpt(['fn', 'eval', pkg, '--exec', config.eval, `--results-dir=${resultsDir}`, ...(config.evalArgs ?? [])]);
  const file = join(resultsDir, 'results.yaml');
  return { ...outcome, results: existsSync(file) ? readFileSync(file, 'utf8') : '' };
}

function checkCase(caseDir: string): void {
  const expectedDir = join(caseDir, '.expected');
  const configFile = join(expectedDir, 'config.yaml');
  if (!existsSync(configFile)) throw new Error(`e2e case ${caseDir} has no .expected/config.yaml`);
  const config = (parse(readFileSync(configFile, 'utf8')) ?? {}) as CaseConfig;
  const expectedExit = config.exitCode ?? 0;

  const pkg = scratchPackage(config.package ? join(REPO_ROOT, config.package) : caseDir);
  try {
    const first = runCase(pkg, config);
    const diff = normalise(diffAgainstHead(pkg), pkg);
    const results = normalise(first.results, pkg);

    const diffFile = join(expectedDir, 'diff.patch');
    const resultsFile = join(expectedDir, 'results.yaml');
    if (process.env[UPDATE_ENV] === '1') {
      writeFileSync(diffFile, diff);
      writeFileSync(resultsFile, results);
    }
    expect({ exitCode: first.status, stderr: first.stderr }).toEqual({ exitCode: expectedExit, stderr: first.stderr });
    expect(messagesRepeatingTheirPath(resultsOfKptResults(first.results))).toEqual([]);
    expect(diff).toBe(readFileSync(diffFile, 'utf8'));
    expect(results).toBe(readFileSync(resultsFile, 'utf8'));
    if (expectedExit !== 0) expect(diff).toBe('');
    // kubectl and Argo CD read YAML 1.1: every value must mean there what it means to kpt.
    expect(yaml11Mismatches(pkg, listFiles(pkg).filter(isYamlFile))).toEqual([]);

    commitAll(pkg, 'first run');
    const second = runCase(pkg, config);
    expect(second.status).toBe(expectedExit);
    expect(normalise(diffAgainstHead(pkg), pkg)).toBe('');
  } finally {
    removeScratch(pkg);
  }
}

function isYamlFile(path: string): boolean {
  return /(^|\/)Kptfile$|\.ya?ml$/.test(path);
}

/** Scratch paths differ per run; everything else in the output must be byte-stable. */
function normalise(text: string, pkg: string): string {
  return text
    .split(pkg)
    .join('<pkg>')
    .replace(/ in \d+(\.\d+)?m?s/g, ' in <time>');
}
