/**
 * provision-seed: the seed's provisioning scenario on this machine (see args.ts for the usage).
 * Every problem is a message on stderr naming the phase, and exit code 1; never a stack trace.
 * Ctrl-C (SIGINT) or SIGTERM stops everything started, then exits 130 or 143.
 */
import { parseArgs, USAGE } from './args';
import { createProgress } from './progress';
import { createRun } from './provision';
import { stopKept } from './state';

const NAME = 'provision-seed';

function errorLines(message: string): string {
  return `${message
    .trimEnd()
    .split('\n')
    .map((line) => `${NAME}: ${line}`)
    .join('\n')}\n`;
}

// A reader that goes away (`| head`) must not crash the run before it stops what it started:
// output is dropped from then on, the run and its cleanup go on.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`${errorLines(parsed.reason)}${NAME}: see ${NAME} --help\n`);
    return 1;
  }
  const invocation = parsed.value;
  if (invocation.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const write = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  if (invocation.kind === 'stop') {
    const stopped = await stopKept(invocation.workDir, write);
    if (!stopped.ok) process.stderr.write(errorLines(stopped.reason));
    return stopped.ok ? 0 : 1;
  }
  const progress = createProgress(write);
  const run = createRun(invocation.options, progress, write);
  let interrupted = false;
  let executing: Promise<unknown> = Promise.resolve();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`${NAME}: ${signal} during ${progress.current() ?? 'the run'}: stopping everything started\n`);
    // Stop what runs, then let the phase in progress end: what it starts from now on is stopped at once.
    const settled = Promise.race([executing.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 90_000))]);
    void run
      .cleanup()
      .then(() => settled)
      .then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const execution = run.execute();
    executing = execution;
    const outcome = await execution.catch((error: unknown) => ({
      ok: false as const,
      reason: error instanceof Error ? error.message : String(error),
    }));
    // Interrupted: the signal handler stops everything and exits; what failed since is its doing.
    if (interrupted) return await new Promise<number>(() => undefined);
    if (!outcome.ok) {
      const phase = progress.current();
      process.stderr.write(errorLines(`failed${phase ? ` at ${phase}` : ''} after ${progress.elapsed()}:\n${outcome.reason}`));
      return 1;
    }
    write(`${NAME}: done in ${progress.elapsed()}`);
    return 0;
  } finally {
    if (!interrupted) await run.cleanup();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${NAME}: internal error, please report it: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
