/**
 * The cluster first, workloads after, with the real Flux (kustomize-controller v1.9.6) between a
 * real SMO API server and a real edge (kube-apiserver, controller manager, scheduler, kwok).
 * Two sites render from the upstream example: site-a's cluster request targets Nephio's O2IMS
 * API, site-b's oran-o2ims's (clcm.openshift.io). The test plays the O2IMS: it writes each
 * ProvisioningRequest's status as an O2IMS would. Nothing of a site's DU reaches the edge while
 * its cluster is pending; fulfilled lets it through to Ready; failed stops it, and Flux says why.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

  const ready = (name: string): Condition | undefined => {
    const got = smo!.kubectl(['get', 'kustomization', '-n', NAMESPACE, name, '-o', 'json']);
    if (got.status !== 0) return undefined;
    const conditions = (JSON.parse(got.stdout) as { status?: { conditions?: Condition[] } }).status?.conditions ?? [];
    return conditions.find((c) => c.type === 'Ready');
  };
  const kustomizations = (): string => smo!.kubectl(['get', 'kustomizations', '-n', NAMESPACE, '-o', 'wide']).stdout;
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
    // The delivery objects exactly as inject-ocloud-targeting wrote them.
    const delivered = smo.kubectl(['apply', '--server-side', '-f', join(pkg, 'delivery', NAMESPACE)]);
    if (delivered.status !== 0) throw new Error(`the delivery objects were not applied: ${delivered.stderr}`);
  }, 300_000);

  afterAll(async () => {
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
  });
});
