/**
 * The seed's six phases, run for real: see args.ts for what each does. Everything started is
 * stopped, in reverse order, by `cleanup()` (on success, failure and Ctrl-C) unless --keep.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { DEFAULT_EDGE_NODES, DEFAULT_PACKAGE, DEFAULT_TIMEOUT_SECONDS, type ProvisionOptions } from './args';
import {
  applyFluxCrds,
  type CommandResult,
  type EdgeCluster,
  type Flux,
  type FluxKwokBinaries,
  git,
  type GitServer,
  locateFluxKwok,
  locateKubeBinaries,
  locatePorchBinaries,
  type Porch,
  PORCH_NAMESPACE,
  repoRoot,
  run,
  startEdge,
  startFlux,
  startGitServer,
  startPorch,
  type Supervised,
} from '@focom/cluster-harness';
import { debuggingCommands, reachingStoppedClusters } from './debugging';
import { gitRepository, kubeconfigSecret, namespaceObject, rootKustomization } from './delivery';
import { type OperatorPackage, pipelineImages, readOperatorPackage, smoObjects, writePorchPackage } from './package';
import { publishThroughPorch } from './porch-flow';
import { ensurePrerequisites } from './prerequisites';
import { claimWorkDir } from './work-dir';
import type { Progress } from './progress';
import { readRendered } from './rendered';
import { type KeptState, readState, writeState } from './state';
import { watchStatus } from './reconcile';
import { renderLocally } from './dry-run';
import { CLUSTER_REQUESTS_FILE, clusterRequestsToAdd, writeClusterRequests } from './cluster-requests';

/** The Porch repository provision-seed publishes to; also the bare repository's name. */
export const DEPLOYMENT_REPOSITORY = 'deployment';

type Kubectl = (args: readonly string[], options?: { input?: string }) => CommandResult;

/** The running clusters, started here or read from a --keep run's state. */
interface Clusters {
  smoKubeconfig: string;
  edgeKubeconfig: string;
  smo: Kubectl;
  edge: Kubectl;
  porch: Pick<Porch, 'porchctl' | 'kubectl'>;
  deploymentRepository: { file: string; http: string };
  logs: { name: string; file: string }[];
}

export interface Run {
  /** Every failure is a message; the phase is named by the caller from progress.current(). */
  execute(): Promise<Outcome<void>>;
  /** Stops everything started (unless kept) and removes the work directory. Safe to call twice. */
  cleanup(): Promise<void>;
}

function kubectlFor(kubectl: string, kubeconfig: string): Kubectl {
  return (args, options = {}) =>
    run(kubectl, ['--kubeconfig', kubeconfig, ...args], options.input === undefined ? {} : { input: options.input });
}

function applyOk(kubectl: Kubectl, manifests: readonly string[], what: string): void {
  const applied = kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], { input: manifests.join('\n---\n') });
  if (applied.status !== 0) throw new Error(`kubectl apply of ${what} failed: ${applied.stderr.trim()}`);
}

function crdFiles(dir: string, match: (name: string) => boolean): string[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.yaml') && match(n))
    .sort()
    .map((n) => join(dir, n));
}

/**
 * A path from the command line: relative to where the user ran the command (npm run changes to
 * the repository root, and says where it was in INIT_CWD); the default package, to the repository.
 */
function userPath(path: string, root: string): string {
  if (path === DEFAULT_PACKAGE) return resolve(root, path);
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** The command line of this run (the options it was given, as a user types them), for running it again. */
function rerunCommand(options: ProvisionOptions, bin: string): string {
  const words = [bin];
  if (options.packageDir !== DEFAULT_PACKAGE) words.push(options.packageDir);
  if (options.timeoutSeconds !== DEFAULT_TIMEOUT_SECONDS) words.push('--timeout', String(options.timeoutSeconds));
  if (options.edgeNodes !== DEFAULT_EDGE_NODES) words.push('--edge-nodes', String(options.edgeNodes));
  if (options.workDir !== undefined) words.push('--work-dir', options.workDir);
  if (options.skipBuild) words.push('--skip-build');
  return words.join(' ');
}

export function createRun(options: ProvisionOptions, progress: Progress, write: (line: string) => void): Run {
  const root = repoRoot();
  const createdWorkDir = options.workDir === undefined;
  const workDir = options.workDir === undefined ? mkdtempSync(join(tmpdir(), 'focom-seed-')) : userPath(options.workDir, root);
  const stoppers: (() => Promise<void>)[] = [];
  const releasers: (() => void)[] = [];
  const started: Supervised[] = [];
  let cleaned: Promise<void> | undefined;
  let closing = false;
  let kept = false;

  /**
   * Registers something started, to stop at cleanup and release with --keep. Started after
   * cleanup began (Ctrl-C while it was starting), it is stopped at once and the run ends.
   */
  async function track(what: { stop(): Promise<void>; release(): void }, processes: readonly Supervised[]): Promise<void> {
    started.push(...processes);
    if (closing) {
      await what.stop();
      throw new Error('interrupted');
    }
    stoppers.push(() => what.stop());
    releasers.push(() => what.release());
  }

  const cleanup = (): Promise<void> =>
    (cleaned ??= (async () => {
      closing = true;
      if (kept) return;
      // Each stopper stops its own processes in order (an API server before its etcd); the
      // pieces stop side by side, which halves the time the API servers take to shut down.
      await Promise.allSettled(stoppers.map((stop) => stop()));
      if (createdWorkDir && !options.skipClusters) rmSync(workDir, { recursive: true, force: true });
    })());

  async function startClusters(pkg: OperatorPackage, porchPackageDir: string): Promise<Clusters> {
    const kube = locateKubeBinaries();
    const fluxKwok: FluxKwokBinaries = locateFluxKwok();

    progress.phase('SMO cluster', 'kube-apiserver, FoCoM CRDs, Porch, Flux and a git server');
    const porch = await startPorch({
      images: pipelineImages(readFileSync(join(porchPackageDir, 'Kptfile'), 'utf8')),
      dir: join(workDir, 'smo'),
      name: 'focom-smo',
      detached: true,
    });
    await track(porch, porch.processes());
    progress.step(`kube-apiserver and Porch ready (${porch.apiServer.url})`);
    const smo = kubectlFor(kube.kubectl, porch.apiServer.kubeconfig);
    const focomCrds = crdFiles(join(root, 'packages', 'crds'), () => true);
    const applied = smo(['apply', '--server-side', ...focomCrds.flatMap((f) => ['-f', f])]);
    if (applied.status !== 0) throw new Error(`kubectl apply of the FoCoM CRDs failed: ${applied.stderr}`);
    applyFluxCrds(porch.apiServer, fluxKwok);
    progress.step('FoCoM and Flux CRDs applied');
    const flux: Flux = await startFlux(porch.apiServer, fluxKwok, join(workDir, 'smo', 'flux'), true);
    await track(flux, flux.processes);
    progress.step('Flux source-controller and kustomize-controller ready');
    const repoFile = porch.createGitRepository(DEPLOYMENT_REPOSITORY);
    porch.registerRepository(DEPLOYMENT_REPOSITORY, repoFile, { deployment: true });
    const gitServer: GitServer = await startGitServer(fluxKwok.githttp, join(porch.dir, 'git'), porch.dir, true);
    const killGitServer = (): void => gitServer.process.kill();
    process.once('exit', killGitServer);
    await track(
      {
        stop: () => gitServer.process.stop(),
        release: () => {
          process.removeListener('exit', killGitServer);
          gitServer.process.release();
        },
      },
      [gitServer.process],
    );
    const repoHttp = gitServer.url(DEPLOYMENT_REPOSITORY);
    progress.step(`deployment repository registered in Porch, served to Flux at ${repoHttp}`);
    progress.done('SMO cluster ready');

    progress.phase('edge cluster', `kube-apiserver, controller manager, scheduler, kwok and ${options.edgeNodes} fake nodes`);
    const edgeCluster: EdgeCluster = await startEdge(fluxKwok, { dir: join(workDir, 'edge'), nodes: options.edgeNodes, detached: true });
    await track(edgeCluster, edgeCluster.processes());
    const edge = kubectlFor(kube.kubectl, edgeCluster.apiServer.kubeconfig);
    // The prometheus-operator CRDs for the workloads' monitoring, and both O2IMS APIs' ProvisioningRequest for the stand-in O2IMS.
    const monitoring = [
      ...crdFiles(
        join(root, 'packages', 'crds', 'third-party'),
        (n) => n.startsWith('monitoring.coreos.com_') || n.startsWith('clcm.openshift.io_'),
      ),
      ...crdFiles(join(root, 'packages', 'crds'), (n) => n.startsWith('o2ims.provisioning.oran.org_')),
    ];
    const monitoringApplied = edge(['apply', '--server-side', ...monitoring.flatMap((f) => ['-f', f])]);
    if (monitoringApplied.status !== 0)
      throw new Error(`kubectl apply of the monitoring and O2IMS CRDs on the edge failed: ${monitoringApplied.stderr}`);
    progress.step(
      `edge ready (${edgeCluster.apiServer.url}), prometheus-operator CRDs applied for the PodMonitor and PrometheusRule, O2IMS ProvisioningRequest CRDs for the stand-in O2IMS`,
    );
    progress.done('edge cluster ready');

    progress.phase('edge secret', 'the edge kubeconfig as the Secret each OCloud names, on the SMO');
    const kubeconfig = edgeCluster.portableKubeconfig();
    for (const secret of pkg.secrets) {
      applyOk(smo, [namespaceObject(secret.namespace), kubeconfigSecret(secret, kubeconfig)], `Secret ${secret.namespace}/${secret.name}`);
      progress.step(`Secret ${secret.namespace}/${secret.name} (key ${secret.key}) for OCloud ${secret.ocloud}`);
    }
    progress.done();

    return {
      smoKubeconfig: porch.apiServer.kubeconfig,
      edgeKubeconfig: edgeCluster.apiServer.kubeconfig,
      smo,
      edge,
      porch,
      deploymentRepository: { file: repoFile, http: repoHttp },
      logs: started.map((p) => ({ name: `${p.logFile.includes(`${workDir}/edge/`) ? 'edge' : 'SMO'} ${p.name}`, file: p.logFile })),
    };
  }

  function reuseClusters(state: KeptState, pkg: OperatorPackage): Clusters {
    const kube = locateKubeBinaries();
    const smo = kubectlFor(kube.kubectl, state.smoKubeconfig);
    const porchctl = locatePorchBinaries().porchctl;
    const porch = {
      kubectl: smo,
      porchctl: (args: readonly string[]) => run(porchctl, ['--kubeconfig', state.smoKubeconfig, '--namespace', PORCH_NAMESPACE, ...args]),
    };
    for (const name of ['SMO cluster', 'edge cluster'] as const) progress.skipped(name, `--skip-clusters: reusing ${workDir}`);
    const secretsReady = pkg.secrets.every((s) => smo(['get', 'secret', s.name, '-n', s.namespace]).status === 0);
    if (!secretsReady)
      throw new Error(
        `the kept clusters have no Secret for one of ${pkg.secrets.map((s) => `${s.namespace}/${s.name}`).join(', ')}: run without --skip-clusters`,
      );
    progress.skipped('edge secret', 'the Secrets exist');
    return {
      smoKubeconfig: state.smoKubeconfig,
      edgeKubeconfig: state.edgeKubeconfig,
      smo,
      edge: kubectlFor(kube.kubectl, state.edgeKubeconfig),
      porch,
      deploymentRepository: state.deploymentRepository,
      logs: state.processes.map((p) => ({ name: p.name, file: p.logFile })),
    };
  }

  async function execute(): Promise<Outcome<void>> {
    progress.phase('prerequisites', options.skipClusters ? 'tools (clusters reused)' : 'tools and cached binaries');
    const packageDir = userPath(options.packageDir, root);
    if (!existsSync(packageDir)) return fail(`package ${options.packageDir} does not exist`);
    const pkg = readOperatorPackage(packageDir);
    if (!pkg.ok) return pkg;
    const prerequisites = ensurePrerequisites({ skipBuild: options.skipBuild || options.skipClusters, dryRun: options.dryRun }, (m) =>
      progress.step(m),
    );
    if (!prerequisites.ok) return prerequisites;
    const claimed = claimWorkDir(workDir);
    if (!claimed.ok) return claimed;
    const porchPackageDir = join(workDir, 'package', pkg.value.name);
    rmSync(porchPackageDir, { recursive: true, force: true });
    const written = writePorchPackage(pkg.value, porchPackageDir);
    if (!written.ok) return written;
    const clusterRequests = clusterRequestsToAdd(pkg.value);
    writeClusterRequests(pkg.value, porchPackageDir, clusterRequests);
    progress.step(`package ${pkg.value.name}: ${pkg.value.requests.length} request(s), ${pkg.value.secrets.length} OCloud Secret(s)`);
    for (const added of clusterRequests)
      progress.step(
        `added cluster request ${added.namespace}/${added.request} for OCloud ${added.ocloud} (${CLUSTER_REQUESTS_FILE}): the workloads wait for it; a stand-in O2IMS fulfils it`,
      );
    progress.done(prerequisites.value);

    if (options.dryRun) return dryRun(pkg.value, porchPackageDir);

    let clusters: Clusters;
    if (options.skipClusters) {
      const state = readState(workDir);
      if (!state.ok) return state;
      clusters = reuseClusters(state.value, pkg.value);
    } else {
      clusters = await startClusters(pkg.value, porchPackageDir);
    }

    progress.phase('package', `${pkg.value.name} through Porch (rendered by the functions), published, delivered by Flux`);
    const published = publishThroughPorch(clusters.porch, DEPLOYMENT_REPOSITORY, pkg.value.name, porchPackageDir, (m) => progress.step(m));
    if (!published.ok) return published;
    const checkout = join(workDir, 'published');
    rmSync(checkout, { recursive: true, force: true });
    git(workDir, ['clone', '-q', '--branch', 'main', clusters.deploymentRepository.file, checkout]);
    const commit = git(checkout, ['rev-parse', 'HEAD']).trim();
    const renderedDir = join(checkout, pkg.value.name);
    if (!existsSync(join(renderedDir, 'Kptfile')))
      return fail(`Porch published ${published.value.revision}, but main has no ${pkg.value.name}/ folder`);
    const requests = readRendered(renderedDir);
    const publishedPkg = readOperatorPackage(renderedDir);
    if (!publishedPkg.ok) return publishedPkg;
    const crs = smoObjects(publishedPkg.value);
    applyOk(
      clusters.smo,
      crs.map((o) => JSON.stringify(o.object)),
      'the package CRs',
    );
    progress.step(`applied to the SMO: ${crs.map((o) => `${o.kind}/${o.name}`).join(', ')}`);
    // Each OCloud's status: Ready when the edge answers through the kubeconfig its Secret holds.
    const edgeReady = clusters.edge(['get', '--raw', '/readyz']).status === 0;
    for (const secret of publishedPkg.value.secrets) {
      const condition = {
        type: 'Ready',
        status: edgeReady ? 'True' : 'False',
        reason: edgeReady ? 'Reachable' : 'Unreachable',
        message: `the edge API server ${edgeReady ? 'answers' : 'does not answer'} with the kubeconfig of Secret ${secret.namespace}/${secret.name}`,
        lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      };
      clusters.smo([
        'patch',
        'oclouds.focom.nephio.org',
        secret.ocloud,
        '-n',
        secret.ocloudNamespace,
        '--subresource=status',
        '--type=merge',
        '-p',
        JSON.stringify({ status: { conditions: [condition] } }),
      ]);
    }
    const deliveryNamespaces = [...new Set(requests.flatMap((r) => (r.kustomization ? [r.kustomization.namespace] : [])))].sort();
    if (deliveryNamespaces.length === 0)
      return fail(`the rendered package has no Flux delivery objects under ${pkg.value.name}/delivery/: nothing would reach the edge`);
    for (const ns of deliveryNamespaces) {
      applyOk(
        clusters.smo,
        [
          namespaceObject(ns),
          gitRepository(ns, clusters.deploymentRepository.http),
          rootKustomization(ns, pkg.value.name, options.timeoutSeconds),
        ],
        `the Flux source and root Kustomization in ${ns}`,
      );
    }
    progress.step(`Flux GitRepository focom-packages and Kustomization focom-delivery in ${deliveryNamespaces.join(', ')}`);
    progress.done();

    if (options.keep) {
      writeState(workDir, {
        smoKubeconfig: clusters.smoKubeconfig,
        edgeKubeconfig: clusters.edgeKubeconfig,
        deploymentRepository: clusters.deploymentRepository,
        processes: options.skipClusters
          ? (readState(workDir) as { ok: true; value: KeptState }).value.processes
          : started.map((p) => ({ name: p.name, pid: p.pid ?? -1, logFile: p.logFile })),
      });
    }

    progress.phase(
      'status',
      `focom-status writes each request's status; a stand-in O2IMS fulfils the cluster requests; waiting up to ${options.timeoutSeconds} s for Ready`,
    );
    const outcome = await watchStatus({
      smo: clusters.smo,
      edge: clusters.edge,
      smoKubeconfig: clusters.smoKubeconfig,
      edgeKubeconfig: clusters.edgeKubeconfig,
      requests,
      timeoutSeconds: options.timeoutSeconds,
      commit,
      o2imsDelaySeconds: options.o2imsDelaySeconds,
      o2imsFail: options.o2imsFail,
      step: (m) => progress.step(m),
      write,
    });
    if (outcome.ok) progress.done('every request is Ready');
    write('');
    // Without --keep this run's clusters are stopped as it ends; --skip-clusters reused running ones.
    if (options.keep || options.skipClusters) {
      write(
        debuggingCommands({
          kubectl: locateKubeBinaries().kubectl,
          smoKubeconfig: clusters.smoKubeconfig,
          edgeKubeconfig: clusters.edgeKubeconfig,
          requests: requests.map((r) => ({ namespace: r.namespace, name: r.name })),
          workloadNamespaces: [...new Set(requests.flatMap((r) => r.workloads.map((w) => w.namespace)))].sort(),
          logs: clusters.logs,
        }),
      );
      for (const release of releasers) release();
      kept = options.keep;
      write('');
      write(`The clusters keep running (work directory ${workDir}). Stop them with:`);
      write(`  ${join(root, 'bin', 'provision-seed')} --stop ${workDir}`);
    } else {
      write(
        reachingStoppedClusters(rerunCommand(options, join(root, 'bin', 'provision-seed')), createdWorkDir ? undefined : clusters.logs),
      );
    }
    return outcome;
  }

  function dryRun(pkg: OperatorPackage, porchPackageDir: string): Outcome<void> {
    write('');
    write('Plan (nothing is started):');
    write(`  work directory   ${workDir}`);
    write('  SMO cluster      etcd, kube-apiserver, Porch (server and exec function runner), FoCoM and Flux CRDs,');
    write('                   Flux source-controller and kustomize-controller, githttp; all on 127.0.0.1, free ports');
    write(`  edge cluster     etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok, ${options.edgeNodes} fake nodes`);
    for (const s of pkg.secrets) write(`  edge secret      Secret ${s.namespace}/${s.name} (key ${s.key}) for OCloud ${s.ocloud}`);
    for (const c of clusterRequestsToAdd(pkg))
      write(`  cluster request  ${c.namespace}/${c.request} for OCloud ${c.ocloud}, added (${CLUSTER_REQUESTS_FILE})`);
    write(
      `  stand-in O2IMS   marks each ProvisioningRequest on the edge ${options.o2imsFail ? 'failed' : 'fulfilled'} after ${options.o2imsDelaySeconds} s (a stand-in: no cluster is built)`,
    );
    write("  status           focom-status (the controller of bin/focom-status) writes each request's status");
    write(`  package          ${pkg.name}: Porch repository ${DEPLOYMENT_REPOSITORY}, draft, push (render), propose, approve`);
    for (const r of pkg.requests)
      write(`  status           FocomProvisioningRequest ${r.namespace}/${r.name}: Ready within ${options.timeoutSeconds} s`);
    const rendered = renderLocally(porchPackageDir);
    if (!rendered.ok) return rendered;
    write('');
    write(`The rendered package (kpt fn render with this project's functions, as Porch renders it):`);
    write(rendered.value);
    return succeed(undefined);
  }

  return { execute, cleanup };
}
