/** The command's work: results files in, one text in the chosen format out, and whether any result is an error. */
import { lstatSync, readFileSync } from 'node:fs';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import type { ConvertOptions, Format } from './args';
import { type Finding, type ReadText, type ResultsSource, findingsOf, hasError } from './findings';
import { githubCommands } from './github';
import { gitlabCodeQuality } from './gitlab';
import { readKptResults } from './results-file';
import { sarifLog } from './sarif';

/** More than any real results file; a bigger one is refused rather than read into memory. */
export const MAX_RESULTS_BYTES = 64 * 1024 * 1024;

const FORMATTERS: Record<Format, (findings: readonly Finding[]) => string> = {
  github: githubCommands,
  gitlab: gitlabCodeQuality,
  sarif: sarifLog,
};

/** A package file, when it is a regular file (a symbolic link is not followed out of the package). */
const readPackageFile: ReadText = (path) => {
  try {
    return lstatSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
};

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : String(error);
}

function readSource(resultsFile: string, packageDir: string): Outcome<ResultsSource> {
  let text: string;
  try {
    const stat = lstatSync(resultsFile);
    if (!stat.isFile()) return fail(`${resultsFile} is not a file`);
    if (stat.size > MAX_RESULTS_BYTES) return fail(`${resultsFile} is larger than ${MAX_RESULTS_BYTES / 1024 / 1024} MiB`);
    text = readFileSync(resultsFile, 'utf8');
  } catch (error) {
    return fail(`${resultsFile} cannot be read (${errorCode(error)})`);
  }
  const results = readKptResults(text);
  return results.ok ? succeed({ resultsFile, packageDir, results: results.value }) : fail(`${resultsFile} ${results.reason}`);
}

export function convert(options: ConvertOptions, readText: ReadText = readPackageFile): Outcome<{ text: string; failed: boolean }> {
  const sources: ResultsSource[] = [];
  for (const input of options.inputs) {
    const source = readSource(input.resultsFile, input.packageDir);
    if (!source.ok) return source;
    sources.push(source.value);
  }
  const findings = findingsOf(sources, readText);
  return succeed({ text: FORMATTERS[options.format](findings), failed: hasError(findings) });
}
