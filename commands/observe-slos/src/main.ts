/**
 * observe-slos: writes Prometheus's view of a package's SLOs into the package (see args.ts for
 * the usage). Every problem is one line on stderr and exit code 1; never a stack trace. Every
 * line it prints goes through safeMessage: no control characters, no credential in any form.
 */
import { safeMessage } from './server-text';
import { parseArgs, USAGE } from './args';
import { observe } from './observe';
import { summary } from './summary';

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(
      `${parsed.reason
        .split('\n')
        .map((line) => `observe-slos: ${safeMessage(line)}`)
        .join('\n')}\nobserve-slos: see observe-slos --help\n`,
    );
    return 1;
  }
  if (parsed.value === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const outcome = await observe(parsed.value);
  if (!outcome.ok) {
    process.stderr.write(`observe-slos: ${safeMessage(outcome.reason).replace(/\n/g, ' ')}\n`);
    return 1;
  }
  process.stdout.write(safeMessage(summary(outcome.value.file, outcome.value.spec)));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `observe-slos: internal error, please report it: ${safeMessage(error instanceof Error ? error.message : String(error)).replace(/\n/g, ' ')}\n`,
    );
    process.exitCode = 1;
  },
);
