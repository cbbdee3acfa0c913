/**
 * kpt's results as findings: one per result, each pinned to a file and line relative to the
 * working directory (the repository root in CI), ready for any platform's format. A result's
 * file path is untrusted: one that is absolute or leaves its package is reported on line 1 of the
 * results file instead. Files are read through `readText`, so this is testable without a disk.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { fieldPosition } from './field-line';
import type { KptResult, KptResults, Severity } from './results-file';

export interface Finding {
  /** Relative to the working directory, with `/` between folders. */
  path: string;
  line: number;
  column?: number;
  severity: Severity;
  message: string;
  /** Short: the function and the object and field the result is about. */
  title: string;
  /** The function that reported it. */
  ruleId: string;
  /** The same finding on a later run (other lines moved) has the same fingerprint. */
  fingerprint: string;
}

export interface ResultsSource {
  /** The results file, as named on the command line. */
  resultsFile: string;
  /** The package the results are about, relative to the working directory (`.` when it is). */
  packageDir: string;
  results: KptResults;
}

/** The text of a file of the package, or undefined when it cannot be read or is not a regular file. */
export type ReadText = (path: string) => string | undefined;

const MAX_QUOTED_PATH = 200;

/** A path from a result that stays inside its package, normalised; undefined for any other. */
export function packageRelative(path: string): string | undefined {
  if (path.includes('\\') || path.includes('\0') || posix.isAbsolute(path)) return undefined;
  if (path.split('/').includes('..')) return undefined;
  const normal = posix.normalize(path);
  return normal === '.' || normal === '' ? undefined : normal;
}

function withinDir(dir: string, path: string): string {
  return posix.normalize(posix.join(dir.split('\\').join('/'), path));
}

function titleOf(fn: string, result: KptResult): string {
  const ref = result.resourceRef;
  const object = ref?.kind && ref.name ? ` ${ref.kind}/${ref.name}` : '';
  const about = `${object}${result.fieldPath ? ` ${result.fieldPath}` : ''}`;
  return about === '' ? fn : `${fn}:${about}`;
}

function fingerprintOf(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

function findingOf(source: ResultsSource, fn: string, result: KptResult, readText: ReadText): Finding {
  const title = titleOf(fn, result);
  let message = result.message;
  let path = withinDir(source.packageDir, 'Kptfile');
  let position: { line: number; column?: number } = { line: 1 };
  if (result.file) {
    const relative = packageRelative(result.file.path);
    if (relative === undefined) {
      const quoted = JSON.stringify(result.file.path.slice(0, MAX_QUOTED_PATH));
      message = `${message} (the result names the file ${quoted}, outside the package ${source.packageDir}: refused)`;
      path = source.resultsFile;
    } else {
      path = withinDir(source.packageDir, relative);
      const text = readText(path);
      position = (text !== undefined && fieldPosition(text, result.file.index, result.fieldPath)) || { line: 1 };
    }
  }
  const ref = result.resourceRef ?? {};
  const fingerprint = fingerprintOf([fn, path, ref.kind, ref.namespace, ref.name, result.fieldPath, result.severity, message]);
  return { path, ...position, severity: result.severity, message, title, ruleId: fn, fingerprint };
}

/**
 * The findings of each results file, in order, each once (kpt fn eval and kpt fn render of one
 * package report the same validation). A function that failed without an error result of its own
 * is an error finding on its package's Kptfile, so a failed run never reads as clean.
 */
export function findingsOf(sources: readonly ResultsSource[], readText: ReadText): Finding[] {
  const findings = new Map<string, Finding>();
  const add = (finding: Finding) => {
    if (!findings.has(finding.fingerprint)) findings.set(finding.fingerprint, finding);
  };
  for (const source of sources) {
    let failedSilently = source.results.exitCode !== 0;
    for (const run of source.results.runs) {
      const findingsOfRun = run.results.map((result) => findingOf(source, run.function, result, readText));
      findingsOfRun.forEach(add);
      const explained = findingsOfRun.some((f) => f.severity === 'error');
      if (explained) failedSilently = false;
      if (run.exitCode !== 0 && !explained) {
        const why = run.lastStderrLine ? `: ${run.lastStderrLine}` : '';
        add(
          findingOf(
            source,
            run.function,
            { severity: 'error', message: `${run.function} failed with exit code ${run.exitCode}${why}` },
            readText,
          ),
        );
        failedSilently = false;
      }
    }
    if (failedSilently)
      add(findingOf(source, 'kpt', { severity: 'error', message: `kpt failed with exit code ${source.results.exitCode}` }, readText));
  }
  return [...findings.values()];
}

export const hasError = (findings: readonly Finding[]): boolean => findings.some((f) => f.severity === 'error');
