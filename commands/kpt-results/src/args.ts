/** kpt-results's command line: read, checked, every problem reported at once. */
import { parseArgs as parseCommandLine } from 'node:util';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';

export const FORMATS = ['github', 'gitlab', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface ResultsArgument {
  resultsFile: string;
  /** The package the file's results are about: the last --package before it, `.` when none is. */
  packageDir: string;
}

export interface ConvertOptions {
  format: Format;
  inputs: ResultsArgument[];
}

export const USAGE = `Usage: kpt-results --format github|gitlab|sarif [--package DIR] RESULTS_FILE [[--package DIR] RESULTS_FILE]...

Turns kpt's results file (kpt fn render|eval --results-dir DIR writes DIR/results.yaml) into a CI
platform's annotations on the file and line of each result, written to stdout:
  github  workflow commands (::error file=...,line=...::message), one per line
  gitlab  a code quality report (JSON), for artifacts:reports:codequality
  sarif   SARIF 2.1.0 (JSON), for GitHub code scanning and other viewers
Several results files give one output; a finding reported twice (eval and render) is written once.

Options:
  --format FORMAT  github, gitlab or sarif
  --package DIR    the package the next results files are about, relative to the working
                   directory (the repository root in CI); results name files relative to it
                   (default .)
  -h, --help       print this help

Exit code 0 when no result is an error; 1 when one is, or a function failed, so a pipeline step
fails; 2 when a results file cannot be read or is not one, or the command line is wrong.`;

/** The options, `help` when help was asked for, or every problem, one per line. */
export function parseArgs(argv: readonly string[]): Outcome<ConvertOptions | 'help'> {
  const { tokens } = parseCommandLine({
    args: [...argv],
    options: { format: { type: 'string' }, package: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help' && (t.rawName === '--help' || argv[t.index] === '-h')))
    return succeed('help');
  const problems: string[] = [];
  const formats: string[] = [];
  const inputs: ResultsArgument[] = [];
  let packageDir = '.';
  for (const token of tokens) {
    if (token.kind === 'positional') inputs.push({ resultsFile: token.value, packageDir });
    else if (token.kind !== 'option') continue;
    else if (token.name !== 'format' && token.name !== 'package') problems.push(`unknown option ${token.rawName}`);
    else if (!token.value) problems.push(`--${token.name} needs a value`);
    else if (token.name === 'format') formats.push(token.value);
    else packageDir = token.value;
  }
  const format = formats[0];
  if (format === undefined) problems.push(`--format is required: ${FORMATS.join(', ')}`);
  else if (formats.length > 1) problems.push(`--format is given ${formats.length} times`);
  else if (!(FORMATS as readonly string[]).includes(format))
    problems.push(`--format must be one of ${FORMATS.join(', ')}, not ${JSON.stringify(format)}`);
  if (inputs.length === 0) problems.push('name the results file (kpt fn render --results-dir DIR writes DIR/results.yaml)');
  if (problems.length > 0) return fail(problems.join('\n'));
  return succeed({ format: format as Format, inputs });
}
