/** provision-seed's command line: read, checked, every problem reported at once. */
import { type Outcome, fail, succeed } from '@focom/krm-runtime';

export interface ProvisionOptions {
  /** The operator's kpt package (default: packages/examples/seed-edge). */
  packageDir: string;
  /** How long the status phase waits for every request to be Ready, in seconds. */
  timeoutSeconds: number;
  dryRun: boolean;
  /** Leave the clusters running; `provision-seed --stop DIR` stops them. */
  keep: boolean;
  /** Where every file goes (certificates, data, logs, kubeconfigs); default a fresh /tmp directory. */
  workDir?: string;
  /** Check the prerequisites but never build: fail with what to run instead. */
  skipBuild: boolean;
  /** Reuse the SMO and edge clusters a `--keep` run left in workDir (phases 2 to 4 skipped). */
  skipClusters: boolean;
  /** Fake nodes on the edge cluster. */
  edgeNodes: number;
}

export type Invocation = { kind: 'help' } | { kind: 'provision'; options: ProvisionOptions } | { kind: 'stop'; workDir: string };

export const DEFAULT_PACKAGE = 'packages/examples/seed-edge';
export const DEFAULT_TIMEOUT_SECONDS = 600;
export const DEFAULT_EDGE_NODES = 3;

export const USAGE = `Usage: provision-seed [PACKAGE] [--timeout SECONDS] [--dry-run] [--keep] [--work-dir DIR]
                      [--skip-build] [--skip-clusters --work-dir DIR] [--edge-nodes N]
       provision-seed --stop DIR

Runs the seed's provisioning scenario on this machine, as local processes on 127.0.0.1:
  1. prerequisites  the tools and the cached binaries, building what is missing
  2. SMO cluster    kube-apiserver with the FoCoM CRDs, Porch and Flux
  3. edge cluster   kube-apiserver, controller manager, scheduler and kwok fake nodes
  4. edge secret    the edge kubeconfig as the Secret each OCloud names
  5. package        PACKAGE pushed through Porch (rendered by the functions), proposed,
                    approved, published to a local git server and delivered by Flux
  6. status         each FocomProvisioningRequest's status follows its delivery; waits until
                    every request's workload is Ready on the edge, then prints a table and the
                    kubectl commands (with kubeconfig paths) to look around
Everything stops and is removed at the end, on failure and on Ctrl-C, unless --keep.

PACKAGE defaults to ${DEFAULT_PACKAGE} (the seed's OCloud, TemplateInfo and request).

Options:
  --timeout SECONDS  how long the status phase waits for Ready (default ${DEFAULT_TIMEOUT_SECONDS}); Flux's
                     health check of each request gets the same time
  --dry-run          print the plan and the rendered package; start nothing
  --keep             leave the clusters running and print the command that stops them
  --work-dir DIR     put every file under DIR (default: a new directory in /tmp)
  --skip-build       check the prerequisites but build nothing (fail with the script to run)
  --skip-clusters    reuse the running clusters a --keep run left in --work-dir DIR: phases 2-4
                     are skipped, PACKAGE is pushed as a new revision
  --edge-nodes N     fake nodes on the edge cluster (default ${DEFAULT_EDGE_NODES}), each 16 CPUs and 64Gi
  --stop DIR         stop the clusters a --keep run left in DIR and remove DIR
  -h, --help         print this help

Exit code 0 when every request is Ready; 1 on any failure, with the phase, what failed and
where its logs are.`;

const VALUE_OPTIONS = ['--timeout', '--work-dir', '--edge-nodes', '--stop'] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];
const FLAGS = ['--dry-run', '--keep', '--skip-build', '--skip-clusters'] as const;
type Flag = (typeof FLAGS)[number];

function positiveInteger(text: string, option: string, problems: string[]): number | undefined {
  if (!/^[1-9]\d*$/.test(text)) {
    problems.push(`${option} must be a positive whole number, got "${text}"`);
    return undefined;
  }
  return Number(text);
}

/** The invocation, or every problem, one per line. */
export function parseArgs(argv: readonly string[]): Outcome<Invocation> {
  if (argv.includes('--help') || argv.includes('-h')) return succeed({ kind: 'help' });
  const values = new Map<ValueOption, string>();
  const flags = new Set<Flag>();
  const positional: string[] = [];
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if ((VALUE_OPTIONS as readonly string[]).includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') problems.push(`${name} needs a value`);
      else if (values.has(name as ValueOption)) problems.push(`${name} is given twice`);
      else values.set(name as ValueOption, value);
    } else if ((FLAGS as readonly string[]).includes(name) && inline === undefined) {
      flags.add(name as Flag);
    } else if (arg.startsWith('-')) {
      problems.push(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length > 1) problems.push(`one PACKAGE at most, got ${positional.length}: ${positional.join(' ')}`);
  const stop = values.get('--stop');
  if (stop !== undefined) {
    if (values.size > 1 || flags.size > 0 || positional.length > 0) problems.push('--stop DIR takes no other argument');
    return problems.length > 0 ? fail(problems.join('\n')) : succeed({ kind: 'stop', workDir: stop });
  }
  const timeout = values.has('--timeout') ? positiveInteger(values.get('--timeout')!, '--timeout', problems) : DEFAULT_TIMEOUT_SECONDS;
  const nodes = values.has('--edge-nodes') ? positiveInteger(values.get('--edge-nodes')!, '--edge-nodes', problems) : DEFAULT_EDGE_NODES;
  const workDir = values.get('--work-dir');
  if (flags.has('--skip-clusters') && workDir === undefined)
    problems.push('--skip-clusters needs --work-dir DIR: the directory of a --keep run');
  if (flags.has('--dry-run') && flags.has('--keep')) problems.push('--dry-run starts nothing, so there is nothing to --keep');
  if (problems.length > 0 || timeout === undefined || nodes === undefined) return fail(problems.join('\n'));
  return succeed({
    kind: 'provision',
    options: {
      packageDir: positional[0] ?? DEFAULT_PACKAGE,
      timeoutSeconds: timeout,
      dryRun: flags.has('--dry-run'),
      keep: flags.has('--keep'),
      ...(workDir === undefined ? {} : { workDir }),
      skipBuild: flags.has('--skip-build'),
      skipClusters: flags.has('--skip-clusters'),
      edgeNodes: nodes,
    },
  });
}
