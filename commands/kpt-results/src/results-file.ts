/**
 * kpt's results file (`kpt fn render|eval --results-dir`, results.yaml): a `kpt.dev/v1
 * FunctionResultList`, read into what the annotations need. Everything in it is untrusted text;
 * fields of the wrong type are refused with the place they are at, unknown fields are ignored.
 */
import { parse } from 'yaml';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';

export type Severity = 'error' | 'warning' | 'info';

export interface KptResult {
  message: string;
  severity: Severity;
  resourceRef?: { apiVersion?: string; kind?: string; name?: string; namespace?: string };
  fieldPath?: string;
  file?: { path: string; index: number };
}

export interface FunctionRun {
  /** The function's name: the executable's or the image's, without folders or tag. */
  function: string;
  exitCode: number;
  /** Its stderr's last line that is not blank, for a function that failed without a result saying why. */
  lastStderrLine?: string;
  results: KptResult[];
}

export interface KptResults {
  exitCode: number;
  runs: FunctionRun[];
}

type Fields = Record<string, unknown>;
const isFields = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `./bin/validate-template-params` and `ghcr.io/org/validate:v1@sha256:...` name validate-template-params and validate. */
export function functionName(execOrImage: string): string {
  const base = execOrImage.split('@')[0].split('/').pop() ?? '';
  const untagged = base.split(':')[0];
  return untagged === '' ? 'kpt' : untagged;
}

function optionalString(fields: Fields, key: string, where: string, problems: string[]): string | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  problems.push(`${where}.${key} is not a string`);
  return undefined;
}

function readResult(raw: unknown, where: string, problems: string[]): KptResult | undefined {
  if (!isFields(raw)) {
    problems.push(`${where} is not a mapping`);
    return undefined;
  }
  const message = optionalString(raw, 'message', where, problems) ?? '';
  const severityText = optionalString(raw, 'severity', where, problems) ?? 'error';
  // kpt writes error when a function leaves severity out.
  const severity: Severity = severityText === 'warning' || severityText === 'info' ? severityText : 'error';
  const result: KptResult = { message, severity };
  if (isFields(raw.resourceRef)) {
    const ref = raw.resourceRef;
    result.resourceRef = {};
    for (const key of ['apiVersion', 'kind', 'name', 'namespace'] as const) {
      const value = optionalString(ref, key, `${where}.resourceRef`, problems);
      if (value !== undefined) result.resourceRef[key] = value;
    }
  }
  if (isFields(raw.field)) {
    const path = optionalString(raw.field, 'path', `${where}.field`, problems);
    if (path !== undefined && path !== '') result.fieldPath = path;
  }
  if (isFields(raw.file)) {
    const path = optionalString(raw.file, 'path', `${where}.file`, problems);
    const index = raw.file.index ?? 0;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) problems.push(`${where}.file.index is not a whole number >= 0`);
    else if (path !== undefined && path !== '') result.file = { path, index };
  }
  return result;
}

function exitCodeOf(fields: Fields, where: string, problems: string[]): number {
  const code = fields.exitCode ?? 0;
  if (typeof code === 'number' && Number.isInteger(code)) return code;
  problems.push(`${where}exitCode is not a whole number`);
  return 1;
}

function readRun(raw: unknown, where: string, problems: string[]): FunctionRun | undefined {
  if (!isFields(raw)) {
    problems.push(`${where} is not a mapping`);
    return undefined;
  }
  const source = optionalString(raw, 'exec', where, problems) ?? optionalString(raw, 'image', where, problems) ?? '';
  const results = raw.results ?? [];
  if (!Array.isArray(results)) {
    problems.push(`${where}.results is not a list`);
    return undefined;
  }
  const run: FunctionRun = {
    function: functionName(source),
    exitCode: exitCodeOf(raw, `${where}.`, problems),
    results: results.flatMap((r, i) => readResult(r, `${where}.results[${i}]`, problems) ?? []),
  };
  const stderr = optionalString(raw, 'stderr', where, problems);
  const last = stderr
    ?.split('\n')
    .filter((line) => line.trim() !== '')
    .pop();
  if (last !== undefined) run.lastStderrLine = last;
  return run;
}

/** The results file's text read, or why it is not a kpt results file. */
export function readKptResults(text: string): Outcome<KptResults> {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    return fail(`is not valid YAML: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  }
  if (!isFields(document) || document.kind !== 'FunctionResultList' || document.apiVersion !== 'kpt.dev/v1')
    return fail('is not a kpt results file (apiVersion kpt.dev/v1, kind FunctionResultList), as kpt fn render --results-dir writes');
  const items = document.items ?? [];
  if (!Array.isArray(items)) return fail('is not a kpt results file: items is not a list');
  const problems: string[] = [];
  const runs = items.flatMap((item, i) => readRun(item, `items[${i}]`, problems) ?? []);
  const exitCode = exitCodeOf(document, '', problems);
  if (problems.length > 0) return fail(`is not a kpt results file: ${problems.slice(0, 3).join('; ')}`);
  return succeed({ exitCode, runs });
}
