import { takeHandedInput } from './idle-pass-through';
import { InputError } from './input-error';
import type { KrmFunction } from './krm-function';
import { readResourceList } from './read-resource-list';
import type { ResourceList } from './resource-list';
import { type Result, countBySeverity, errorResult, exitCodeOf, formatResultLine, infoResult } from './results';
import { writeResourceList } from './write-resource-list';
import { plural } from './plural';

export interface RunOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Runs a function on the text of a ResourceList. Never throws: unreadable input and bugs both
 * become error results, the output is always written, and the exit code follows the results.
 */
export function runOnText(fn: KrmFunction, input: string): RunOutput {
  let list: ResourceList;
  try {
    list = readResourceList(input);
  } catch (error) {
    const result =
      error instanceof InputError ? errorResult(error.message, error.subject) : errorResult(`cannot read the input: ${describe(error)}`);
    const emptyList: ResourceList = { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [], seqIndent: 0 };
    return finish(fn, emptyList, [result], 'the input was not processed');
  }
  try {
    const outcome = fn.process(list);
    return finish(fn, list, outcome.results, outcome.summary);
  } catch (error) {
    const message = `internal error in ${fn.name}, please report it: ${describe(error)}`;
    return finish(fn, list, [errorResult(message)], 'stopped by an internal error');
  }
}

/** The info result that ends every run: the function's summary and how many errors and warnings it found. */
export function closingResult(summary: string, results: readonly Result[]): Result {
  const counts = countBySeverity(results);
  return infoResult(`${summary} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')})`);
}

function finish(fn: KrmFunction, list: ResourceList, results: Result[], summary: string): RunOutput {
  const closing = closingResult(summary, results);
  const all = [...results, closing];
  let stdout: string;
  try {
    stdout = writeResourceList(list, all);
  } catch (error) {
    const fallback: Result[] = [errorResult(`internal error in ${fn.name} while writing output: ${describe(error)}`), closing];
    return { stdout: writeResourceList({ ...list, items: [] }, fallback), stderr: stderrText(fn, fallback), exitCode: 1 };
  }
  return { stdout, stderr: stderrText(fn, all), exitCode: exitCodeOf(all) };
}

function stderrText(fn: KrmFunction, results: readonly Result[]): string {
  const lines = results
    .filter((r) => r.severity !== 'info' || r === results[results.length - 1])
    .map((r) => `${fn.name}: ${formatResultLine(r)}`);
  return `${lines.join('\n')}\n`;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The executable's entry point: `--help`, stdin to stdout, exit code from the results. */
export function main(fn: KrmFunction, argv: readonly string[] = process.argv.slice(2)): void {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`Usage: ${fn.name} < resource-list.yaml > resource-list.yaml\n\n${fn.usage}\n`);
    process.exitCode = 0;
    return;
  }
  const unknown = argv.filter((a) => a !== '--');
  if (unknown.length > 0) {
    process.stderr.write(`${fn.name}: unexpected argument ${JSON.stringify(unknown[0])}; see --help\n`);
    process.exitCode = 1;
    return;
  }
  const handed = takeHandedInput();
  if (handed !== undefined) {
    writeOutput(runOnText(fn, handed));
    return;
  }
  // Decoded chunk by chunk, so the raw bytes are not held beside the text (a 50 MB input counts).
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    input += chunk;
  });
  process.stdin.on('error', (error) => {
    process.stderr.write(`${fn.name}: cannot read stdin: ${error.message}\n`);
    process.exitCode = 1;
  });
  process.stdin.on('end', () => {
    const output = runOnText(fn, input);
    input = '';
    writeOutput(output);
  });
}

export function writeOutput(output: RunOutput): void {
  process.stderr.write(output.stderr);
  process.stdout.write(output.stdout);
  process.exitCode = output.exitCode;
}
