/** observe-slos's command line: read, checked, every problem reported at once. */
import { type ParseArgsConfig, parseArgs as parseCommandLine } from 'node:util';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { parseDuration } from '@focom/observability';

export interface ObserveOptions {
  /** The kpt package to observe and write into. */
  packageDir: string;
  prometheus: URL;
  tokenFile?: string;
  /** The name of an environment variable holding the token. */
  tokenEnv?: string;
  /** Per HTTP request: connecting, asking and reading the whole answer. */
  timeoutMs: number;
  /** Packages of canary sites whose SLOs gate this one. */
  canaries: string[];
  /** The package as delivered, when PACKAGE holds a draft already rendered: requests, versions and digests are read there. */
  deliveredDir?: string;
}

export const DEFAULT_TIMEOUT = '10s';

export const USAGE = `Usage: observe-slos PACKAGE --prometheus URL [--token-file FILE | --token-env VAR] [--timeout 10s] [--canary DIR]... [--delivered DIR]

Asks a Prometheus HTTP API how the SLOs of each FocomProvisioningRequest in the kpt package
PACKAGE are doing, and writes the answers into PACKAGE/slo-observations.yaml: one local-config
SloObservation (focom.nephio.org/v1alpha1) that the render reads to gate changes. Run it before
\`kpt fn render\`; the functions themselves never open a connection.

For each request it reads, from the rendered package, the template version of its generated
resources (annotation focom.nephio.org/template), a digest of them (the render compares it with
what it produces: run observe-slos on the package as delivered, before rendering a draft) and
the SLOs its generated PrometheusRule
objects declare (their sloth_slo labels), and records per SLO the error budget left over the
SLO period (slo:period_error_budget_remaining:ratio), the current burn rate
(slo:current_burn_rate:ratio) and the firing burn-rate alerts (page, ticket), or no-data.

Options:
  --prometheus URL    the Prometheus base URL (http or https), e.g. http://prometheus:9090; only
                      scheme, host, port and path are written into the package
  --token-file FILE   send "Authorization: Bearer <token>" with the token read from FILE
  --token-env VAR     the same, with the token in the environment variable VAR
  --timeout DURATION  for each request to Prometheus, including reading the answer (default ${DEFAULT_TIMEOUT})
  --canary DIR        a canary site's package (repeat for each): its requests' SLOs and how long
                      they have run their version are recorded under spec.canaries
  --delivered DIR     read the requests, their versions and digests from DIR, the package as
                      delivered (e.g. a checkout of the revision Flux syncs), and write the
                      observation into PACKAGE, a draft that may already be rendered
  -h, --help          print this help

Exit code 0 when the file was written; 1 on any problem (Prometheus unreachable or answering
an error, a timeout, malformed, infinite or out-of-range answers, an unreadable package), with
one line on stderr saying what and where, and the package left unchanged. A NaN (an SLI with no
traffic) is recorded as no data for its SLO. Credentials are never printed, in any form.`;

const OPTIONS = {
  prometheus: { type: 'string' },
  'token-file': { type: 'string' },
  'token-env': { type: 'string' },
  timeout: { type: 'string' },
  canary: { type: 'string' },
  delivered: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];
type ValueOption = Exclude<keyof typeof OPTIONS, 'help'>;
const SINGLE_VALUED = ['prometheus', 'token-file', 'token-env', 'timeout', 'delivered'] as const;

/** The options, `help` when help was asked for, or every problem, one per line. */
export function parseArgs(argv: readonly string[]): Outcome<ObserveOptions | 'help'> {
  // Not strict: Node would stop at the first problem; the tokens let every one be reported.
  const { tokens } = parseCommandLine({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  // `-h` alone, not inside a group such as `-prometheus`.
  const help = tokens.some((t) => t.kind === 'option' && t.name === 'help' && (t.rawName === '--help' || argv[t.index] === '-h'));
  if (help) return succeed('help');
  const values: Record<ValueOption, string[]> = {
    prometheus: [],
    'token-file': [],
    'token-env': [],
    timeout: [],
    canary: [],
    delivered: [],
  };
  const positional: string[] = [];
  const problems: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positional.push(token.value);
    else if (token.kind !== 'option') continue;
    else if (!Object.hasOwn(values, token.name)) {
      // Node splits `-abc` into -a, -b, -c, all at one index: name the argument once, as typed.
      const unknown = `unknown option ${token.rawName.startsWith('--') ? token.rawName : argv[token.index]}`;
      if (problems.at(-1) !== unknown) problems.push(unknown);
    } else if (!token.value) problems.push(`--${token.name} needs a value`);
    else values[token.name as ValueOption].push(token.value);
  }
  for (const name of SINGLE_VALUED) if (values[name].length > 1) problems.push(`--${name} is given ${values[name].length} times`);
  if (positional.length !== 1)
    problems.push(positional.length === 0 ? 'name the package directory to observe' : `one package directory, not ${positional.length}`);

  let prometheus: URL | undefined;
  const url = values.prometheus[0];
  if (url === undefined) problems.push('--prometheus URL is required');
  else {
    try {
      prometheus = new URL(url);
      if (prometheus.protocol !== 'http:' && prometheus.protocol !== 'https:')
        problems.push(`--prometheus must be an http or https URL, got the scheme ${prometheus.protocol}`);
    } catch {
      problems.push('--prometheus is not a URL (expected e.g. http://prometheus:9090)');
    }
  }
  if (values['token-file'].length > 0 && values['token-env'].length > 0) problems.push('give --token-file or --token-env, not both');
  const timeout = parseDuration(values.timeout[0] ?? DEFAULT_TIMEOUT, '--timeout');
  if (!timeout.ok) problems.push(timeout.reason);
  else if (timeout.value <= 0) problems.push('--timeout must be longer than 0s');

  if (problems.length > 0) return fail(problems.join('\n'));
  const options: ObserveOptions = {
    packageDir: positional[0],
    prometheus: prometheus!,
    timeoutMs: (timeout as { value: number }).value * 1000,
    canaries: values.canary,
  };
  if (values['token-file'][0] !== undefined) options.tokenFile = values['token-file'][0];
  if (values['token-env'][0] !== undefined) options.tokenEnv = values['token-env'][0];
  if (values.delivered[0] !== undefined) options.deliveredDir = values.delivered[0];
  return succeed(options);
}
