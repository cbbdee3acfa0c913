/**
 * The cluster first, workloads after, with the real Flux (kustomize-controller v1.9.6) between a
 * real SMO API server and a real edge (kube-apiserver, controller manager, scheduler, kwok).
 * Two sites render from the upstream example: site-a's cluster request targets Nephio's O2IMS
 * API, site-b's oran-o2ims's (clcm.openshift.io). The test plays the O2IMS: it writes each
 * ProvisioningRequest's status as an O2IMS would. Nothing of a site's DU reaches the edge while
 * its cluster is pending; fulfilled lets it through to Ready; failed stops it, and Flux says why.
 * bin/focom-status runs beside Flux and writes each FocomProvisioningRequest's status on the SMO.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ApiServer,
  type EdgeCluster,
  type Flux,
  type GitServer,
  applyFluxCrds,
  locateFluxKwok,
  startApiServer,
  startEdge,
  startFlux,
  startGitServer,
} from '@focom/cluster-harness';
import { CLCM_API_VERSION, clcmRequestName } from '@focom/domain';
import { REPO_ROOT, commitAll, git, render } from '@focom/test-support/kpt';

jest.setTimeout(600_000);

const NAMESPACE = 'smo';

const SITE_B = `apiVersion: focom.nephio.org/v1alpha1
kind: OCloud
metadata:
  name: site-b
  namespace: smo
  annotations:
    focom.nephio.org/o2ims-api: ${CLCM_API_VERSION}
spec:
  o2imsSecret:
    secretRef:
      name: site-b-kubeconfig
      namespace: smo
---
apiVersion: focom.nephio.org/v1alpha1
kind: FocomProvisioningRequest
metadata:
  name: site-b-cluster
  namespace: smo
spec:
  name: site-b workload cluster
  oCloudId: site-b
  oCloudNamespace: smo
  templateName: nephio-workload-cluster
  templateVersion: v3.0.0
  templateParameters:
    clusterName: edge-b
---
apiVersion: focom.nephio.org/v1alpha1
kind: FocomProvisioningRequest
metadata:
  name: site-b-du
  namespace: smo
spec:
  name: site-b DU
  oCloudId: site-b
  oCloudNamespace: smo
  templateName: 5g-ran-du
  templateVersion: v1.0.0
  templateParameters:
    namespace: ran-site-b
    replicas: 1
`;

interface FocomStatus {
  phase?: string;
  message?: string;
  observedGeneration?: number;
  o2ims?: { phase?: string; details?: string; name?: string };
  conditions?: Condition[];
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

async function eventually<T>(what: string, probe: () => T | undefined, timeoutMs: number, explain: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}\n${explain()}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

describe('workloads wait for their cluster (real Flux, real API servers)', () => {
  let root = '';
  let smo: ApiServer | undefined;
  let edge: EdgeCluster | undefined;
  let flux: Flux | undefined;
  let gitServer: GitServer | undefined;
  let controller: ChildProcess | undefined;
  let controllerLog = '';
  let controllerExit: Promise<number | null> | undefined;

  const ready = (name: string): Condition | undefined => {
    const got = smo!.kubectl(['get', 'kustomization', '-n', NAMESPACE, name, '-o', 'json']);
    if (got.status !== 0) return undefined;
    const conditions = (JSON.parse(got.stdout) as { status?: { conditions?: Condition[] } }).status?.conditions ?? [];
    return conditions.find((c) => c.type === 'Ready');
  };
  const kustomizations = (): string =>
    `${smo!.kubectl(['get', 'kustomizations,focomprovisioningrequests', '-n', NAMESPACE, '-o', 'wide']).stdout}\n--- focom-status\n${controllerLog}`;
  const focomStatus = (name: string): FocomStatus => {
    const got = smo!.kubectl(['get', 'focomprovisioningrequest', '-n', NAMESPACE, name, '-o', 'json']);
    return got.status === 0 ? ((JSON.parse(got.stdout) as { status?: FocomStatus }).status ?? {}) : {};
  };
  const provisioned =
    (name: string, reason: string): (() => FocomStatus | undefined) =>
    () => {
      const status = focomStatus(name);
      return status.conditions?.some((c) => c.type === 'Provisioned' && c.reason === reason) ? status : undefined;
    };
  const inPhase =
    (name: string, phase: string): (() => FocomStatus | undefined) =>
    () => {
      const status = focomStatus(name);
      return status.phase === phase ? status : undefined;
    };
  const onEdge = (args: readonly string[]): boolean => edge!.apiServer.kubectl(['get', ...args]).status === 0;
  const setPhase = (resource: string, status: Record<string, unknown>): void => {
    const patched = edge!.apiServer.kubectl([
      'patch',
      resource,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({ status: { provisioningStatus: status } }),
    ]);
    if (patched.status !== 0) throw new Error(`patching ${resource}'s status failed: ${patched.stderr}`);
  };

  beforeAll(async () => {
    const binaries = locateFluxKwok();
    root = mkdtempSync(join(tmpdir(), 'focom-cluster-first-'));

    // The package: the upstream example and a second site, rendered by kpt with the three functions.
    const pkg = join(root, 'work', 'site');
    cpSync(join(REPO_ROOT, 'packages', 'examples', 'upstream-site-a'), pkg, { recursive: true });
    writeFileSync(join(pkg, 'site-b.yaml'), SITE_B);
    git(pkg, ['init', '-q', '-b', 'main']);
    const rendered = render(pkg);
    if (rendered.status !== 0) throw new Error(`kpt fn render failed:\n${rendered.stderr}\n${rendered.results}`);
    commitAll(pkg, 'rendered');
    mkdirSync(join(root, 'git'));
    git(root, ['clone', '-q', '--bare', pkg, join(root, 'git', 'site.git')]);

    smo = await startApiServer({ dir: join(root, 'smo'), name: 'focom-smo' });
    applyFluxCrds(smo, binaries);
    flux = await startFlux(smo, binaries, join(root, 'flux'), false);
    gitServer = await startGitServer(binaries.githttp, join(root, 'git'), root, false);
    edge = await startEdge(binaries, { dir: join(root, 'edge'), nodes: 2, detached: false });
    const crds = ['o2ims.provisioning.oran.org_provisioningrequests.yaml', 'third-party/clcm.openshift.io_provisioningrequests.yaml'];
    const crdsApplied = edge.apiServer.kubectl([
      'apply',
      '--server-side',
      ...crds.flatMap((f) => ['-f', join(REPO_ROOT, 'packages', 'crds', f)]),
    ]);
    if (crdsApplied.status !== 0) throw new Error(`the O2IMS CRDs were not applied on the edge: ${crdsApplied.stderr}`);

    const kubeconfig = edge.portableKubeconfig();
    const secret = (name: string): object => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: NAMESPACE },
      stringData: { kubeconfig },
    });
    const source = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'focom-packages', namespace: NAMESPACE },
      spec: { url: gitServer.url('site'), ref: { branch: 'main' }, interval: '10s', timeout: '20s' },
    };
    const objects = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
      secret('site-a-kubeconfig'),
      secret('site-b-kubeconfig'),
      source,
    ];
    const applied = smo.kubectl(['apply', '--server-side', '-f', '-'], { input: objects.map((o) => JSON.stringify(o)).join('\n---\n') });
    if (applied.status !== 0) throw new Error(`the SMO objects were not applied: ${applied.stderr}`);
    // The operator's intent on the SMO, where focom-status writes each request's status.
    const crdDir = join(REPO_ROOT, 'packages', 'crds');
    const focomCrds = readdirSync(crdDir).filter((f) => f.endsWith('.yaml'));
    const crdsOnSmo = smo.kubectl(['apply', '--server-side', ...focomCrds.flatMap((f) => ['-f', join(crdDir, f)])]);
    if (crdsOnSmo.status !== 0) throw new Error(`the FoCoM CRDs were not applied: ${crdsOnSmo.stderr}`);
    const established = smo.kubectl([
      'wait',
      '--for=condition=Established',
      '--timeout=60s',
      'crd/focomprovisioningrequests.focom.nephio.org',
    ]);
    if (established.status !== 0) throw new Error(`the FoCoM CRDs were not Established: ${established.stderr}`);
    const intent = ['ocloud.yaml', 'requests.yaml', 'template-infos.yaml', 'site-b.yaml'];
    const intentApplied = smo.kubectl(['apply', '--server-side', ...intent.flatMap((f) => ['-f', join(pkg, f)])]);
    if (intentApplied.status !== 0) throw new Error(`the package's intent was not applied: ${intentApplied.stderr}`);
    controller = spawn(join(REPO_ROOT, 'bin', 'focom-status'), ['--kubeconfig', smo.kubeconfig, '--resync', '3'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    controller.stderr!.on('data', (chunk: Buffer) => (controllerLog += chunk.toString()));
    controllerExit = new Promise((resolve) => controller!.on('exit', (code) => resolve(code)));
    // The delivery objects exactly as inject-ocloud-targeting wrote them.
    const delivered = smo.kubectl(['apply', '--server-side', '-f', join(pkg, 'delivery', NAMESPACE)]);
    if (delivered.status !== 0) throw new Error(`the delivery objects were not applied: ${delivered.stderr}`);
  }, 300_000);

  afterAll(async () => {
    if (controller && controller.exitCode === null) controller.kill('SIGKILL');
    await flux?.stop();
    await gitServer?.process.stop();
    await edge?.stop();
    await smo?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  }, 120_000);

  const clcmName = clcmRequestName({ namespace: NAMESPACE, name: 'site-b' }, { namespace: NAMESPACE, name: 'site-b-cluster' });
  const siteA = 'provisioningrequests.o2ims.provisioning.oran.org/site-a-cluster';
  const siteB = `provisioningrequests.clcm.openshift.io/${clcmName}`;

  it('applies the ProvisioningRequests and holds every DU back while the clusters are pending', async () => {
    await eventually(
      'both ProvisioningRequests on the edge',
      () => (onEdge([siteA]) && onEdge([siteB]) ? true : undefined),
      120_000,
      kustomizations,
    );
    setPhase(siteA, { provisioningState: 'progressing', provisioningDetails: 'cluster installation in progress' });
    setPhase(siteB, { provisioningPhase: 'pending', provisioningDetails: 'waiting for hardware' });
    for (const du of ['site-a-du', 'site-b-du']) {
      const condition = await eventually(
        `${du} to wait for its cluster`,
        () => {
          const c = ready(du);
          return c?.reason === 'DependencyNotReady' ? c : undefined;
        },
        120_000,
        kustomizations,
      );
      expect(condition.message).toContain(`dependency '${NAMESPACE}/${du.replace('-du', '-cluster')}' is not ready`);
    }
    // Several of the controller's 5 s dependency requeues later, still nothing of either DU.
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    expect({ a: ready('site-a-cluster')?.status, b: ready('site-b-cluster')?.status }).toEqual({ a: 'Unknown', b: 'Unknown' });
    expect({ a: onEdge(['namespace', 'ran-site-a']), b: onEdge(['namespace', 'ran-site-b']) }).toEqual({ a: false, b: false });

    // focom-status on the SMO: the clusters are provisioning, each DU waits for its own.
    const cluster = await eventually('site-a-cluster Provisioning', inPhase('site-a-cluster', 'Provisioning'), 60_000, kustomizations);
    expect(cluster).toMatchObject({ observedGeneration: 1, o2ims: { phase: 'progressing', details: 'cluster installation in progress' } });
    const du = await eventually('site-a-du Provisioning', inPhase('site-a-du', 'Provisioning'), 60_000, kustomizations);
    expect(du.message).toContain('waiting for its cluster request site-a-cluster');
    expect(du.conditions?.find((c) => c.type === 'ClusterReady')).toMatchObject({ status: 'Unknown', reason: 'ClusterNotReady' });
    expect(focomStatus('site-b-cluster')).toMatchObject({ phase: 'Provisioning', o2ims: { phase: 'pending', name: clcmName } });
  });

  it('delivers site-a once its O2IMS reports fulfilled; a failed site-b keeps its DU off the edge', async () => {
    setPhase(siteA, { provisioningState: 'fulfilled', provisioningDetails: 'cluster edge-a is ready' });
    setPhase(siteB, { provisioningPhase: 'failed', provisioningDetails: 'no hardware matches the template' });

    await eventually(
      'site-a-cluster Ready',
      () => (ready('site-a-cluster')?.status === 'True' ? true : undefined),
      180_000,
      kustomizations,
    );
    await eventually('site-a-du Ready', () => (ready('site-a-du')?.status === 'True' ? true : undefined), 240_000, kustomizations);
    const du = edge!.apiServer.kubectl(['get', 'deployment', 'ran-du', '-n', 'ran-site-a', '-o', 'jsonpath={.status.readyReplicas}']);
    expect(du.stdout).toBe('2');

    const failed = await eventually(
      'site-b-cluster to fail',
      () => {
        const c = ready('site-b-cluster');
        return c?.status === 'False' ? c : undefined;
      },
      180_000,
      kustomizations,
    );
    expect(failed.reason).toBe('HealthCheckFailed');
    expect(failed.message).toContain(`ProvisioningRequest/${clcmName}`);
    expect(ready('site-b-du')).toMatchObject({ reason: 'DependencyNotReady' });
    expect(onEdge(['namespace', 'ran-site-b'])).toBe(false);

    // focom-status carries the O2IMS's words to both of site-b's requests; site-a is Ready.
    await eventually('site-a-du Ready on the SMO', inPhase('site-a-du', 'Ready'), 60_000, kustomizations);
    expect(focomStatus('site-a-cluster')).toMatchObject({ phase: 'Ready', o2ims: { phase: 'fulfilled' } });
    const clusterB = await eventually('site-b-cluster Failed', inPhase('site-b-cluster', 'Failed'), 60_000, kustomizations);
    expect(clusterB.message).toContain('no hardware matches the template');
    const duB = await eventually('site-b-du Failed', inPhase('site-b-du', 'Failed'), 60_000, kustomizations);
    expect(duB.message).toBe(`its cluster request site-b-cluster failed: ${clusterB.message}`);
  });

  it('says so when an O-Cloud cannot be reached, keeps what it knew, and recovers', async () => {
    const secret = (kubeconfig: string): string =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'site-a-kubeconfig', namespace: NAMESPACE },
        stringData: { kubeconfig },
      });
    // The same O-Cloud at an address nothing listens on (the resync re-reads the Secret).
    const unreachable = edge!.portableKubeconfig().replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:9');
    expect(smo!.kubectl(['apply', '-f', '-'], { input: secret(unreachable) }).status).toBe(0);
    const cut = await eventually(
      'site-a-cluster to report the O-Cloud unreachable',
      provisioned('site-a-cluster', 'O2imsUnreachable'),
      60_000,
      kustomizations,
    );
    expect(cut.message).toContain('the O-Cloud cannot be reached');
    expect(cut).toMatchObject({ phase: 'Ready', o2ims: { phase: 'fulfilled', details: 'cluster edge-a is ready' } });
    expect(smo!.kubectl(['apply', '-f', '-'], { input: secret(edge!.portableKubeconfig()) }).status).toBe(0);
    const back = await eventually('site-a-cluster reachable again', provisioned('site-a-cluster', 'Fulfilled'), 60_000, kustomizations);
    expect(back.message).toContain('cluster provisioned');
  });

  it('keeps watching when the SMO and the O-Cloud API servers restart under it', async () => {
    await edge!.apiServer.restart();
    await smo!.restart();
    setPhase(siteA, { provisioningState: 'fulfilled', provisioningDetails: 'cluster edge-a is ready, control plane upgraded' });
    const after = await eventually(
      'the new O2IMS details on site-a-cluster',
      () => {
        const s = focomStatus('site-a-cluster');
        return s.o2ims?.details === 'cluster edge-a is ready, control plane upgraded' ? s : undefined;
      },
      90_000,
      kustomizations,
    );
    expect(after.phase).toBe('Ready');
    expect(controller!.exitCode).toBeNull();
  });

  it('stops cleanly on SIGTERM', async () => {
    controller!.kill('SIGTERM');
    expect(await controllerExit).toBe(0);
    // After the signal: at most the status write that was in flight, then the last line.
    expect(controllerLog).toMatch(/SIGTERM: stopping the watches\n(?:.* focom-status: [^\n]*\/[^\n]*\n)?.* focom-status: stopped\n$/);
  });
});
