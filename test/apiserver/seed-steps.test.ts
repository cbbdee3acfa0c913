/**
 * The seed document's own steps, run against a real kube-apiserver: install the CRDs, apply the
 * three CRs, and the debugging commands it lists (`kubectl get oclouds,templateinfos,
 * focomprovisioningrequests -n o2ims`, `-o yaml`) print columns a person can use. The upstream
 * dialect (packages/examples/upstream-site-a) goes the same way. The steps build on each other,
 * in order, on one server.
 */
import { join } from 'node:path';
import { parse } from 'yaml';
import { useApiServer } from '@focom/test-support/apiserver';
import { REPO_ROOT } from '@focom/test-support/kpt';
import { clusterManifests, dryRunPackage, ensureNamespaces, expectAccepted } from '@focom/test-support/server-apply';
import { parseTables, type Table } from '@focom/test-support/kubectl-tables';

type Json = Record<string, unknown>;

const server = useApiServer();

function kubectlOk(args: readonly string[]): string {
  const result = server().kubectl(args);
  if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

function sourceObjects(dir: string): Json[] {
  return clusterManifests(join(REPO_ROOT, dir)).flatMap((f) => f.objects);
}

function table(tables: Table[], kind: string): Table {
  const found = tables.find((t) => t.rows.some((r) => r.NAME?.startsWith(`${kind}.`)));
  if (!found) throw new Error(`no table of ${kind} in the output`);
  return found;
}

describe("the seed's steps on a real API server", () => {
  it('installs packages/crds with kubectl apply, and every CRD becomes Established', () => {
    const applied = kubectlOk(['apply', '-f', 'packages/crds/', '-f', 'packages/crds/third-party/']);
    const crds = applied
      .split('\n')
      .filter((l) => l.startsWith('customresourcedefinition.apiextensions.k8s.io/'))
      .map((l) => l.split(' ')[0]);
    expect(crds.map((c) => c.split('/')[1]).sort()).toEqual([
      'applications.argoproj.io',
      'focomprovisioningrequests.focom.nephio.org',
      'kustomizations.kustomize.toolkit.fluxcd.io',
      'oclouds.focom.nephio.org',
      'podmonitors.monitoring.coreos.com',
      'prometheusrules.monitoring.coreos.com',
      'provisioningrequests.clcm.openshift.io',
      'provisioningrequests.o2ims.provisioning.oran.org',
      'rootsyncs.configsync.gke.io',
      'templateinfoes.provisioning.oran.org',
      'templateinfos.focom.nephio.org',
    ]);
    kubectlOk(['wait', '--for=condition=Established', '--timeout=60s', ...crds]);
    const list = JSON.parse(kubectlOk(['get', ...crds, '-o', 'json'])) as {
      items: Array<{ status: { conditions: Array<{ type: string; status: string }> } }>;
    };
    for (const crd of list.items) {
      const conditions = Object.fromEntries(crd.status.conditions.map((c) => [c.type, c.status]));
      expect(conditions).toEqual({ NamesAccepted: 'True', Established: 'True' });
    }
  });

  it("applies the seed's three CRs (packages/examples/seed-edge) in namespace o2ims", () => {
    ensureNamespaces(server(), ['o2ims']);
    const applied = kubectlOk(['apply', '-f', 'packages/examples/seed-edge/']);
    expect(applied.trim().split('\n').sort()).toEqual([
      'focomprovisioningrequest.focom.nephio.org/edge-5g-deployment created',
      'ocloud.focom.nephio.org/edge-ocloud created',
      'templateinfo.focom.nephio.org/edge-5g-template created',
    ]);
  });

  it('kubectl get oclouds,templateinfos,focomprovisioningrequests -n o2ims shows endpoint, kubeconfig, template and O-Cloud', () => {
    const tables = parseTables(kubectlOk(['get', 'oclouds,templateinfos,focomprovisioningrequests', '-n', 'o2ims']));
    expect(table(tables, 'ocloud').rows).toEqual([
      expect.objectContaining({
        NAME: 'ocloud.focom.nephio.org/edge-ocloud',
        ENDPOINT: 'https://172.16.4.45:6443',
        KUBECONFIG: 'edge-cluster-kubeconfig',
        READY: '',
      }),
    ]);
    expect(table(tables, 'templateinfo').rows).toEqual([
      expect.objectContaining({ NAME: 'templateinfo.focom.nephio.org/edge-5g-template', TEMPLATE: '5g-ran-du' }),
    ]);
    expect(table(tables, 'focomprovisioningrequest').rows).toEqual([
      expect.objectContaining({
        NAME: 'focomprovisioningrequest.focom.nephio.org/edge-5g-deployment',
        OCLOUD: 'edge-ocloud',
        TEMPLATE: 'edge-5g-template',
        PHASE: '',
      }),
    ]);
  });

  it('kubectl get ... -o yaml returns each CR as written: the CRDs prune nothing', () => {
    for (const source of sourceObjects('packages/examples/seed-edge')) {
      const metadata = source.metadata as Json;
      const stored = parse(
        kubectlOk(['get', `${String(source.kind).toLowerCase()}.focom.nephio.org`, String(metadata.name), '-n', 'o2ims', '-o', 'yaml']),
      ) as Json;
      expect(stored.spec).toEqual(source.spec);
    }
  });

  it("a controller's status shows in the PHASE and READY columns", () => {
    kubectlOk([
      'patch',
      'focomprovisioningrequest',
      'edge-5g-deployment',
      '-n',
      'o2ims',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"phase":"Provisioning","message":"waiting for the edge cluster"}}',
    ]);
    kubectlOk([
      'patch',
      'ocloud',
      'edge-ocloud',
      '-n',
      'o2ims',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"conditions":[{"type":"Ready","status":"True"}]}}',
    ]);
    const tables = parseTables(kubectlOk(['get', 'oclouds,focomprovisioningrequests', '-n', 'o2ims']));
    expect(table(tables, 'ocloud').rows[0]).toEqual(expect.objectContaining({ READY: 'True' }));
    expect(table(tables, 'focomprovisioningrequest').rows[0]).toEqual(expect.objectContaining({ PHASE: 'Provisioning' }));
  });

  it('applies the upstream dialect (packages/examples/upstream-site-a), with the same columns filled from its fields', () => {
    ensureNamespaces(server(), ['smo']);
    kubectlOk(['apply', '-f', 'packages/examples/upstream-site-a/']);
    const tables = parseTables(kubectlOk(['get', 'oclouds,templateinfoes.provisioning.oran.org,focomprovisioningrequests', '-n', 'smo']));
    expect(table(tables, 'ocloud').rows).toEqual([
      expect.objectContaining({ NAME: 'ocloud.focom.nephio.org/site-a', KUBECONFIG: 'site-a-kubeconfig' }),
    ]);
    expect(table(tables, 'templateinfo').rows).toEqual([
      expect.objectContaining({ NAME: 'templateinfo.provisioning.oran.org/5g-ran-du-v1.0.0', TEMPLATE: '5g-ran-du', VERSION: 'v1.0.0' }),
      expect.objectContaining({
        NAME: 'templateinfo.provisioning.oran.org/nephio-workload-cluster-v3.0.0',
        TEMPLATE: 'nephio-workload-cluster',
        VERSION: 'v3.0.0',
      }),
    ]);
    expect(table(tables, 'focomprovisioningrequest').rows).toEqual([
      expect.objectContaining({
        NAME: 'focomprovisioningrequest.focom.nephio.org/site-a-cluster',
        OCLOUD: 'site-a',
        TEMPLATE: 'nephio-workload-cluster',
        VERSION: 'v3.0.0',
      }),
      expect.objectContaining({
        NAME: 'focomprovisioningrequest.focom.nephio.org/site-a-du',
        OCLOUD: 'site-a',
        TEMPLATE: '5g-ran-du',
        VERSION: 'v1.0.0',
      }),
    ]);
    for (const source of sourceObjects('packages/examples/upstream-site-a')) {
      const [group] = String(source.apiVersion).split('/');
      const resource = `${String(source.kind).toLowerCase()}.${group}`;
      const stored = parse(kubectlOk(['get', resource, String((source.metadata as Json).name), '-n', 'smo', '-o', 'yaml'])) as Json;
      expect(stored.spec).toEqual(source.spec);
    }
  });

  it("the Porch blueprint's CRs (packages/porch/focom-edge-site) pass a server dry run", () => {
    const { files, outcome } = dryRunPackage(server(), join(REPO_ROOT, 'packages', 'porch', 'focom-edge-site'));
    expectAccepted(outcome, 'packages/porch/focom-edge-site');
    expect(files.map((f) => f.objects[0].kind).sort()).toEqual(['FocomProvisioningRequest', 'OCloud', 'TemplateInfo']);
  });
});
