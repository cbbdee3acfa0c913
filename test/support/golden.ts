import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type KrmFunction, runOnText } from '@focom/krm-runtime';
import { kpt } from './kpt';
import { messagesRepeatingTheirPath, resultsOfResourceList } from './result-messages';

/** Set to 1 to rewrite every case's expectations from what the function now produces. */
export const UPDATE_ENV = 'UPDATE_GOLDEN';

const EXPECTED_OUTPUT = '_expected.yaml';
const EXPECTED_ERROR = '_expected_error.txt';
const FN_CONFIG = '_fnconfig.yaml';
const ACTUAL_OUTPUT = '_actual.yaml';

/**
 * Golden cases, one folder each: `resources/` (the package the function sees, framed into a
 * ResourceList by the real `kpt fn source`), optional `_fnconfig.yaml`, and expectations:
 * `_expected.yaml` (the whole output) and/or `_expected_error.txt` (one regex per line, each
 * matching a line of stderr; its presence means exit code 1, its absence exit code 0).
 */
export function describeGoldenCases(fn: KrmFunction, testdataDir: string): void {
  const cases = existsSync(testdataDir)
    ? readdirSync(testdataDir)
        .filter((name) => statSync(join(testdataDir, name)).isDirectory())
        .sort()
    : [];
  describe(`${fn.name} golden cases`, () => {
    it('has at least one case', () => {
      expect(cases.length).toBeGreaterThan(0);
    });
    for (const name of cases) {
      it(name, () => checkCase(fn, join(testdataDir, name)));
    }
  });
}

export function frameResourceList(caseDir: string): string {
  const args = ['fn', 'source', join(caseDir, 'resources')];
  const config = join(caseDir, FN_CONFIG);
  if (existsSync(config)) args.push(`--fn-config=${config}`);
  const sourced = kpt(args);
  if (sourced.status !== 0) throw new Error(`kpt fn source failed for ${caseDir}: ${sourced.stderr}`);
  return sourced.stdout;
}

function checkCase(fn: KrmFunction, caseDir: string): void {
  const input = frameResourceList(caseDir);
  const actual = runOnText(fn, input);
  const outputFile = join(caseDir, EXPECTED_OUTPUT);
  const errorFile = join(caseDir, EXPECTED_ERROR);

  if (process.env[UPDATE_ENV] === '1') {
    writeFileSync(outputFile, actual.stdout);
    if (actual.exitCode !== 0) writeFileSync(errorFile, errorPatterns(actual.stderr));
    if (actual.exitCode === 0 && existsSync(errorFile)) rmSync(errorFile);
  }

  expect(messagesRepeatingTheirPath(resultsOfResourceList(actual.stdout))).toEqual([]);
  const hasOutput = existsSync(outputFile);
  const hasError = existsSync(errorFile);
  if (!hasOutput && !hasError) throw new Error(`golden case ${caseDir} has no expectation (${EXPECTED_OUTPUT} or ${EXPECTED_ERROR})`);

  const actualFile = join(caseDir, ACTUAL_OUTPUT);
  if (hasOutput) {
    const expected = readFileSync(outputFile, 'utf8');
    if (expected !== actual.stdout) writeFileSync(actualFile, actual.stdout);
    else if (existsSync(actualFile)) rmSync(actualFile);
    expect(actual.stdout).toBe(expected);
  }
  expect({ exitCode: actual.exitCode, stderr: actual.stderr }).toEqual({ exitCode: hasError ? 1 : 0, stderr: actual.stderr });
  if (hasError) {
    const stderrLines = actual.stderr.split('\n');
    for (const pattern of readFileSync(errorFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')) {
      const regex = new RegExp(pattern);
      const matched = stderrLines.some((line) => regex.test(line));
      expect({ pattern, matched, stderr: actual.stderr }).toEqual({ pattern, matched: true, stderr: actual.stderr });
    }
  }
  if (actual.exitCode === 0) {
    const again = runOnText(fn, actual.stdout);
    expect(itemsOf(again.stdout)).toBe(itemsOf(actual.stdout));
  }
}

function itemsOf(resourceList: string): string {
  const end = resourceList.search(/^(functionConfig|results):/m);
  return end < 0 ? resourceList : resourceList.slice(0, end);
}

function errorPatterns(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => line.includes('[error]'))
    .map((line) => line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\n')
    .concat('\n');
}

/** A whole text against its golden file; UPDATE_GOLDEN=1 rewrites the file from it. */
export function expectGoldenText(file: string, actual: string): void {
  if (process.env[UPDATE_ENV] === '1') writeFileSync(file, actual);
  expect({ file, text: actual }).toEqual({ file, text: readFileSync(file, 'utf8') });
}
