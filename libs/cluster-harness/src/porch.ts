/**
 * A real Porch on the real kube-apiserver of ./apiserver: Porch's CRDs,
 * its function runner (exec evaluator only: the blueprint's image names map to this repository's
 * bin/ executables), the Porch API server aggregated under porch.kpt.dev, and, when asked,
 * porch-controllers (PackageVariants). Every server listens on 127.0.0.1 on a port the kernel
 * picked, except two that have no bind flag (noted below); every file lives in one directory (a
 * fresh temporary one unless the caller names it), git repositories included. If our process
 * exits early, every process is killed unless they were released to outlive it.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { type ApiServer, startApiServer } from './apiserver';
import { acquireControllersLock } from './controllers-lock';
import { accepts } from './free-port';
import { locatePorchBinaries, type PorchBinaries } from './porch-binaries';
import { distinctFreePorts, httpOk, once, type Supervised, supervise, waitUntil } from './processes';
import { type CommandResult, git, repoRoot, run } from './run';

/** The namespace the tests register repositories and create PackageVariants in. */
export const PORCH_NAMESPACE = 'default';

/**
 * Functions Porch v1.5.8 links in (pkg/engine/builtinruntime.go) and serves itself, under
 * `--default-image-prefix`: never sent to the function runner.
 */
const PORCH_BUILTIN_FUNCTIONS = ['apply-replacements', 'set-namespace', 'starlark'];
const DEFAULT_IMAGE_PREFIX = 'gcr.io/kpt-fn';

/** porch-controllers (controller-runtime) binds its health probe here, on every interface; v1.5.8 has no flag for it. */
export const CONTROLLERS_HEALTH_PORT = 8081;

export interface PorchOptions {
  /** The `image:` names of the pipelines the tests will render: each maps to bin/<last path segment> or is a Porch built-in. */
  images: readonly string[];
  /** Also run porch-controllers (the PackageVariant and PackageVariantSet reconcilers). */
  controllers?: boolean;
  /** The directory to use (created if missing; the API server gets `<dir>/apiserver`) instead of fresh temporary ones. */
  dir?: string;
  /** The kubeconfig's cluster and context name. */
  name?: string;
  /** Start every process in its own process group (see SuperviseOptions). */
  detached?: boolean;
}

export interface Porch {
  apiServer: ApiServer;
  /** The temporary directory holding Porch's certificates, caches, logs and git repositories. */
  dir: string;
  binaries: PorchBinaries;
  /** Runs porchctl against this Porch, in PORCH_NAMESPACE. */
  porchctl(args: readonly string[]): CommandResult;
  /** Runs kubectl against the kube-apiserver Porch is aggregated into. */
  kubectl(args: readonly string[], options?: { input?: string }): CommandResult;
  /** A bare git repository (one commit on main) in the temporary directory; its file:// URL. */
  createGitRepository(name: string): string;
  /** Registers a repository with `porchctl repo reg` and waits until Porch reports it Ready. */
  registerRepository(name: string, url: string, options?: { deployment?: boolean }): void;
  /** The last lines each process logged, for a failing test's message. */
  logs(): string;
  /** Everything one process (porch, porch-function-runner, porch-controllers) logged so far. */
  processLog(name: string): string;
  /** Stops every Porch process, then the API server, and removes every file. Safe to call twice. */
  stop(): Promise<void>;
  /** Every process, the API server's first, in start order. */
  processes(): readonly Supervised[];
  /** Lets every process outlive ours (provision-seed --keep). */
  release(): void;
}

const READY_TIMEOUT_MS = 120_000;
/** How long a Porch with controllers waits for another to stop (test files that run them take minutes). */
export const CONTROLLERS_LOCK_WAIT_MS = 30 * 60_000;

/** The function runner's exec configuration: each image to the bin/ executable of the same name. */
export function functionRunnerConfig(images: readonly string[]): { functions: { function: string; images: string[] }[] } {
  const byFunction = new Map<string, string[]>();
  for (const image of images) {
    const name = basename(image.replace(/[@:][^/]*$/, ''));
    if (image.startsWith(`${DEFAULT_IMAGE_PREFIX}/`) && PORCH_BUILTIN_FUNCTIONS.includes(name)) continue;
    if (!existsSync(join(repoRoot(), 'bin', name))) {
      throw new Error(`no bin/${name} for the pipeline image ${image}: run npm run build, or name one of this project's functions`);
    }
    byFunction.set(name, [...(byFunction.get(name) ?? []), image]);
  }
  return { functions: [...byFunction].map(([fn, imgs]) => ({ function: fn, images: imgs })) };
}

export async function startPorch(options: PorchOptions): Promise<Porch> {
  const binaries = locatePorchBinaries();
  const runnerConfig = functionRunnerConfig(options.images);
  // Waits while another Porch with controllers runs on this machine (they would share a port).
  const releaseLock = options.controllers ? await acquireControllersLock(CONTROLLERS_LOCK_WAIT_MS) : () => undefined;
  if (options.controllers && (await accepts(CONTROLLERS_HEALTH_PORT))) {
    releaseLock();
    throw new Error(
      `port ${CONTROLLERS_HEALTH_PORT} is taken: porch-controllers binds its health probe there and cannot be told otherwise; ` +
        'only one test file at a time may run the controllers',
    );
  }
  let apiServer: ApiServer;
  try {
    apiServer = await startApiServer({
      ...(options.dir === undefined ? {} : { dir: join(options.dir, 'apiserver') }),
      ...(options.name === undefined ? {} : { name: options.name }),
      detached: options.detached ?? false,
    });
  } catch (error) {
    releaseLock();
    throw error;
  }
  let dir: string;
  try {
    dir = options.dir ?? mkdtempSync(join(tmpdir(), 'focom-porch-'));
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    await apiServer.stop();
    releaseLock();
    throw error;
  }
  const detached = options.detached ?? false;
  const processes: Supervised[] = [];
  const killAll = (): void => {
    processes.forEach((p) => p.kill());
    releaseLock();
  };
  process.once('exit', killAll);
  const stop = once(async () => {
    process.removeListener('exit', killAll);
    for (const supervised of [...processes].reverse()) await supervised.stop();
    await apiServer.stop();
    rmSync(dir, { recursive: true, force: true });
    releaseLock();
  });
  const kubectl: Porch['kubectl'] = (args, options) => apiServer.kubectl(args, options);
  const porchctl = (args: readonly string[]): CommandResult =>
    run(binaries.porchctl, ['--kubeconfig', apiServer.kubeconfig, '--namespace', PORCH_NAMESPACE, ...args]);
  const logs = (): string => processes.map((p) => `--- ${p.name} (last lines):\n${p.logTail()}`).join('\n');
  // Porch and the controllers set up OpenTelemetry from the environment: export nothing anywhere.
  const env = {
    ...process.env,
    OTEL_SDK_DISABLED: 'true',
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
  };
  try {
    applyOrThrow(kubectl, binaries.crds, "Porch's CRDs");
    const crdNames = binaries.crds.map(
      (file) => `crd/${(parse(readFileSync(file, 'utf8')) as { metadata: { name: string } }).metadata.name}`,
    );
    const established = kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...crdNames]);
    if (established.status !== 0) throw new Error(`Porch's CRDs were not Established: ${established.stderr}`);

    const [runnerPort, porchPort] = await distinctFreePorts(2);
    const config = join(dir, 'function-runner.yaml');
    writeFileSync(config, JSON.stringify(runnerConfig, null, 2));
    // The function runner listens on every interface (v1.5.8 has no bind flag); Porch reaches it on 127.0.0.1.
    const runner = supervise(
      'porch-function-runner',
      binaries.functionRunner,
      ['--port', String(runnerPort), '--disable-runtimes', 'pod', '--functions', join(repoRoot(), 'bin'), '--config', config],
      dir,
      { env, detached },
    );
    processes.push(runner);
    await waitUntil(runner, () => accepts(runnerPort), READY_TIMEOUT_MS);

    applyOrThrow(kubectl, [writeAggregation(dir, porchPort)], 'the APIService for porch.kpt.dev');
    const server = supervise(
      'porch',
      binaries.porch,
      [
        '--bind-address=127.0.0.1',
        `--secure-port=${porchPort}`,
        `--kubeconfig=${apiServer.kubeconfig}`,
        `--authentication-kubeconfig=${apiServer.kubeconfig}`,
        `--authorization-kubeconfig=${apiServer.kubeconfig}`,
        `--cert-dir=${join(dir, 'porch-certs')}`,
        `--cache-directory=${join(dir, 'porch-cache')}`,
        `--function-runner=127.0.0.1:${runnerPort}`,
        // Lets Porch's built-in apply-replacements serve gcr.io/kpt-fn/apply-replacements:v0.1.1.
        `--default-image-prefix=${DEFAULT_IMAGE_PREFIX}`,
        '--repo-sync-frequency=30s',
      ],
      dir,
      { env, detached },
    );
    processes.push(server);
    await waitUntil(server, () => Promise.resolve(porchServed(kubectl)), READY_TIMEOUT_MS);

    if (options.controllers) {
      const controllers = supervise('porch-controllers', binaries.controllers, ['--reconcilers=packagevariants,packagevariantsets'], dir, {
        env: { ...env, KUBECONFIG: apiServer.kubeconfig },
        detached,
      });
      processes.push(controllers);
      await waitUntil(controllers, () => httpOk(`http://127.0.0.1:${CONTROLLERS_HEALTH_PORT}/readyz`), READY_TIMEOUT_MS);
    }

    const gitDir = join(dir, 'git');
    mkdirSync(gitDir);
    return {
      apiServer,
      dir,
      binaries,
      porchctl,
      kubectl,
      createGitRepository: (name) => createGitRepository(gitDir, name),
      registerRepository: (name, url, registration = {}) => {
        const registered = porchctl(['repo', 'reg', url, '--name', name, ...(registration.deployment ? ['--deployment'] : [])]);
        if (registered.status !== 0) throw new Error(`porchctl repo reg ${name} failed: ${registered.stderr}\n${logs()}`);
        const ready = kubectl([
          'wait',
          `repository.config.porch.kpt.dev/${name}`,
          '-n',
          PORCH_NAMESPACE,
          '--for=condition=Ready',
          '--timeout=90s',
        ]);
        if (ready.status !== 0) throw new Error(`repository ${name} did not become Ready: ${ready.stderr}\n${logs()}`);
      },
      logs,
      processes: () => [...apiServer.processes, ...processes],
      release: () => {
        process.removeListener('exit', killAll);
        apiServer.release();
        processes.forEach((p) => p.release());
      },
      processLog: (name) => {
        const found = processes.find((p) => p.name === name);
        if (!found) throw new Error(`no process ${name}: ${processes.map((p) => p.name).join(', ')} run`);
        return found.log();
      },
      stop,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const tails = logs();
    await stop();
    throw new Error(`${message}\n${tails}`, { cause: error });
  }
}

function applyOrThrow(kubectl: Porch['kubectl'], files: readonly string[], what: string): void {
  const applied = kubectl(['apply', '--server-side', ...files.flatMap((f) => ['-f', f])]);
  if (applied.status !== 0) throw new Error(`kubectl apply of ${what} failed: ${applied.stderr}`);
}

/**
 * The APIService that aggregates Porch into kube-apiserver, through a Service of type
 * ExternalName naming 127.0.0.1 (nothing resolves it: the aggregator dials it as written).
 */
function writeAggregation(dir: string, porchPort: number): string {
  const file = join(dir, 'porch-aggregation.yaml');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: {name: porch-system}',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: api, namespace: porch-system}',
      'spec: {type: ExternalName, externalName: 127.0.0.1}',
      '---',
      'apiVersion: apiregistration.k8s.io/v1',
      'kind: APIService',
      'metadata: {name: v1alpha1.porch.kpt.dev}',
      'spec:',
      '  group: porch.kpt.dev',
      '  version: v1alpha1',
      '  groupPriorityMinimum: 1000',
      '  versionPriority: 15',
      // Porch serves with a certificate it made itself in --cert-dir.
      '  insecureSkipTLSVerify: true',
      `  service: {name: api, namespace: porch-system, port: ${porchPort}}`,
      '',
    ].join('\n'),
  );
  return file;
}

/** True once kube-apiserver serves porch.kpt.dev through the aggregator (Porch answers). */
function porchServed(kubectl: Porch['kubectl']): boolean {
  return kubectl(['get', '--raw', '/apis/porch.kpt.dev/v1alpha1']).status === 0;
}

function createGitRepository(gitDir: string, name: string): string {
  const bare = join(gitDir, `${name}.git`);
  git(gitDir, ['init', '-q', '--bare', '--initial-branch=main', bare]);
  const work = join(gitDir, `${name}.seed`);
  git(gitDir, ['init', '-q', '--initial-branch=main', work]);
  writeFileSync(join(work, 'README.md'), `# ${name}\n`);
  git(work, ['add', '-A']);
  git(work, ['commit', '-q', '-m', 'first commit']);
  git(work, ['push', '-q', bare, 'main']);
  rmSync(work, { recursive: true, force: true });
  return `file://${bare}`;
}
