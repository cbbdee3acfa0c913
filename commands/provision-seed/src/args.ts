/** provision-seed's command line: read, checked, every problem reported at once. */
import { type ParseArgsConfig, parseArgs as parseCommandLine } from 'node:util';
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
  /** How long the stand-in O2IMS takes to fulfil a ProvisioningRequest, in seconds. */
  o2imsDelaySeconds: number;
  /** The stand-in O2IMS reports every ProvisioningRequest failed instead. */
  o2imsFail: boolean;
}

export type Invocation = { kind: 'help' } | { kind: 'provision'; options: ProvisionOptions } | { kind: 'stop'; workDir: string };

export const DEFAULT_PACKAGE = 'packages/examples/seed-edge';
export const DEFAULT_TIMEOUT_SECONDS = 600;
export const DEFAULT_EDGE_NODES = 3;
export const DEFAULT_O2IMS_DELAY_SECONDS = 10;

export const USAGE = `Usage: provision-seed [PACKAGE] [--timeout SECONDS] [--dry-run] [--keep] [--work-dir DIR]
                      [--skip-build] [--skip-clusters --work-dir DIR] [--edge-nodes N]
                      [--o2ims-delay SECONDS] [--o2ims-fail]
       provision-seed --stop DIR

Runs the seed's provisioning scenario on this machine, as local processes on 127.0.0.1:
  1. prerequisites  the tools and the cached binaries, building what is missing
  2. SMO cluster    kube-apiserver with the FoCoM CRDs, Porch and Flux
  3. edge cluster   kube-apiserver, controller manager, scheduler and kwok fake nodes
  4. edge secret    the edge kubeconfig as the Secret each OCloud names
  5. package        PACKAGE, with a cluster request for each O-Cloud it targets (unless it has
                    one), pushed through Porch (rendered by the functions), proposed, approved,
                    published to a local git server and delivered by Flux: the cluster first
  6. status         bin/focom-status's controller writes each FocomProvisioningRequest's status
                    (Pending, Provisioning, Delivering, Ready, Failed); a STAND-IN O2IMS on the
                    edge fulfils each ProvisioningRequest after --o2ims-delay seconds (no cluster
                    is built: this machine has no O2IMS); waits until every request is Ready,
                    then prints a table (and, with --keep, the kubectl commands to look around)
Everything stops and is removed at the end, on failure and on Ctrl-C, unless --keep.

PACKAGE defaults to ${DEFAULT_PACKAGE} (the seed's OCloud, TemplateInfo and request).

Options:
  --timeout SECONDS  how long the status phase waits for Ready (default ${DEFAULT_TIMEOUT_SECONDS}); Flux's
                     health check of each request gets the same time
  --dry-run          print what is missing and would be built, the plan and the rendered
                     package; build and start nothing
  --keep             leave the clusters running; print the kubectl commands to look around
                     and the command that stops them
  --work-dir DIR     put every file under DIR (default: a new directory in /tmp)
  --skip-build       check the prerequisites but build nothing (fail with the script to run)
  --skip-clusters    reuse the running clusters a --keep run left in --work-dir DIR: phases 2-4
                     are skipped, PACKAGE is pushed as a new revision
  --edge-nodes N     fake nodes on the edge cluster (default ${DEFAULT_EDGE_NODES}), each 16 CPUs and 64Gi
  --o2ims-delay SECONDS  how long the stand-in O2IMS takes to fulfil a cluster (default ${DEFAULT_O2IMS_DELAY_SECONDS})
  --o2ims-fail       the stand-in O2IMS reports each cluster failed: the workloads never reach the edge
  --stop DIR         stop the clusters a --keep run left in DIR and remove DIR
  -h, --help         print this help

Exit code 0 when every request is Ready; 1 on any failure, with the phase, what failed and
where its logs are.`;

const OPTIONS = {
  timeout: { type: 'string' },
  'work-dir': { type: 'string' },
  'edge-nodes': { type: 'string' },
  'o2ims-delay': { type: 'string' },
  stop: { type: 'string' },
  'dry-run': { type: 'boolean' },
  keep: { type: 'boolean' },
  'skip-build': { type: 'boolean' },
  'skip-clusters': { type: 'boolean' },
  'o2ims-fail': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];
type ValueOption = 'timeout' | 'work-dir' | 'edge-nodes' | 'o2ims-delay' | 'stop';
type Flag = 'dry-run' | 'keep' | 'skip-build' | 'skip-clusters' | 'o2ims-fail';

function positiveInteger(text: string, option: string, problems: string[]): number | undefined {
  if (!/^[1-9]\d*$/.test(text)) {
    problems.push(`${option} must be a positive whole number, got "${text}"`);
    return undefined;
  }
  return Number(text);
}

/** The invocation, or every problem, one per line. */
export function parseArgs(argv: readonly string[]): Outcome<Invocation> {
  // Not strict: Node would stop at the first problem; the tokens let every one be reported.
  const { tokens } = parseCommandLine({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  // `-h` alone, not inside a group such as `-keep`.
  const help = tokens.some((t) => t.kind === 'option' && t.name === 'help' && (t.rawName === '--help' || argv[t.index] === '-h'));
  if (help) return succeed({ kind: 'help' });
  const given = new Map<ValueOption, string[]>();
  const flags = new Set<Flag>();
  const positional: string[] = [];
  const problems: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positional.push(token.value);
    if (token.kind !== 'option') continue;
    const type = Object.hasOwn(OPTIONS, token.name) && token.name !== 'help' ? OPTIONS[token.name as keyof typeof OPTIONS].type : undefined;
    if (type === 'string') {
      if (!token.value) problems.push(`--${token.name} needs a value`);
      else given.set(token.name as ValueOption, [...(given.get(token.name as ValueOption) ?? []), token.value]);
    } else if (type === 'boolean') {
      if (token.value === undefined) flags.add(token.name as Flag);
      else problems.push(`--${token.name} takes no value, got ${token.rawName}=${token.value}`);
    } else {
      // Node splits `-abc` into -a, -b, -c, all at one index: name the argument once, as typed.
      const unknown = `unknown option ${token.rawName.startsWith('--') ? token.rawName : argv[token.index]}`;
      if (problems.at(-1) !== unknown) problems.push(unknown);
    }
  }
  for (const [name, texts] of given)
    if (texts.length > 1) problems.push(`--${name} is given ${texts.length === 2 ? 'twice' : `${texts.length} times`}`);
  const values = new Map([...given].map(([name, texts]) => [name, texts[0]]));
  if (positional.length > 1) problems.push(`one PACKAGE at most, got ${positional.length}: ${positional.join(' ')}`);
  const stop = values.get('stop');
  if (stop !== undefined) {
    if (values.size > 1 || flags.size > 0 || positional.length > 0) problems.push('--stop DIR takes no other argument');
    return problems.length > 0 ? fail(problems.join('\n')) : succeed({ kind: 'stop', workDir: stop });
  }
  const timeout = values.has('timeout') ? positiveInteger(values.get('timeout')!, '--timeout', problems) : DEFAULT_TIMEOUT_SECONDS;
  const nodes = values.has('edge-nodes') ? positiveInteger(values.get('edge-nodes')!, '--edge-nodes', problems) : DEFAULT_EDGE_NODES;
  const delay = values.has('o2ims-delay')
    ? positiveInteger(values.get('o2ims-delay')!, '--o2ims-delay', problems)
    : DEFAULT_O2IMS_DELAY_SECONDS;
  const workDir = values.get('work-dir');
  if (flags.has('skip-clusters') && workDir === undefined)
    problems.push('--skip-clusters needs --work-dir DIR: the directory of a --keep run');
  if (flags.has('dry-run') && flags.has('keep')) problems.push('--dry-run starts nothing, so there is nothing to --keep');
  if (problems.length > 0 || timeout === undefined || nodes === undefined || delay === undefined) return fail(problems.join('\n'));
  return succeed({
    kind: 'provision',
    options: {
      packageDir: positional[0] ?? DEFAULT_PACKAGE,
      timeoutSeconds: timeout,
      dryRun: flags.has('dry-run'),
      keep: flags.has('keep'),
      ...(workDir === undefined ? {} : { workDir }),
      skipBuild: flags.has('skip-build'),
      skipClusters: flags.has('skip-clusters'),
      edgeNodes: nodes,
      o2imsDelaySeconds: delay,
      o2imsFail: flags.has('o2ims-fail'),
    },
  });
}
