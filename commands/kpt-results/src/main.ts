/**
 * kpt-results: kpt's results file as a CI platform's annotations (see args.ts for the usage).
 * Exit code 1 when a result is an error, 2 for input it cannot use: one line on stderr, never a
 * stack trace.
 */
import { parseArgs, USAGE } from './args';
import { convert } from './convert';
import { withoutControls } from './plain-text';

function complain(text: string): void {
  process.stderr.write(
    text
      .split('\n')
      .map((line) => `kpt-results: ${withoutControls(line)}\n`)
      .join(''),
  );
}

function main(argv: readonly string[]): number {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    complain(`${parsed.reason}\nsee kpt-results --help`);
    return 2;
  }
  if (parsed.value === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const converted = convert(parsed.value);
  if (!converted.ok) {
    complain(converted.reason.replace(/\n/g, ' '));
    return 2;
  }
  process.stdout.write(converted.value.text);
  return converted.value.failed ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  complain(`internal error, please report it: ${(error instanceof Error ? error.message : String(error)).replace(/\n/g, ' ')}`);
  process.exitCode = 2;
}
