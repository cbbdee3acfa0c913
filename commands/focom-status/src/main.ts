/**
 * focom-status: a controller that writes each FocomProvisioningRequest's status from the objects
 * that deliver it (see controller.ts). Runs until SIGTERM or SIGINT, then stops its watches and
 * exits 0. A bad argument is a message and exit code 1, never a stack trace.
 */
import { parseArgs, USAGE } from './args';
import { startController } from './controller';

const NAME = 'focom-status';

function log(line: string): void {
  process.stderr.write(`${new Date().toISOString()} ${NAME}: ${line}\n`);
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`${NAME}: ${parsed.reason}\n${NAME}: see ${NAME} --help\n`);
    return 1;
  }
  if (parsed.value.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { kubeconfig, namespace, resyncSeconds } = parsed.value;
  let controller;
  try {
    controller = startController({
      ...(kubeconfig ? { kubeconfig } : {}),
      ...(namespace ? { namespace } : {}),
      resyncMs: resyncSeconds * 1000,
      log,
    });
  } catch (error) {
    process.stderr.write(`${NAME}: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  log(
    `watching FocomProvisioningRequests ${namespace ? `in namespace ${namespace}` : 'in every namespace'} (resync every ${resyncSeconds} s)`,
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  log(`${signal}: stopping the watches`);
  await controller.stop();
  log('stopped');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${NAME}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
