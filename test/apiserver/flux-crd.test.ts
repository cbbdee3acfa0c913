/**
 * The Flux Kustomization CRD the project ships (packages/crds/third-party/) is that of the
 * kustomize-controller it runs: the file is the one in the controller's Go module at the version
 * libs/cluster-harness/go/kustomize-controller/go.mod pins, the same bytes build.sh copied next
 * to the controller it built, and a real kube-apiserver with it accepts what that controller reads
 * (`dependsOn[].readyExpr`, `healthCheckExprs`) and rejects a field it does not know.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { layoutVersion, locateFluxKwok } from '@focom/cluster-harness';
import { useApiServer } from '@focom/test-support/apiserver';
import { REPO_ROOT } from '@focom/test-support/kpt';
import { installCrds } from '@focom/test-support/server-apply';
import { GO_MODULE_CRDS, goModuleHeader } from '../../scripts/third-party-crds';

const server = useApiServer();
const SHIPPED = join(REPO_ROOT, 'packages', 'crds', 'third-party', 'kustomize.toolkit.fluxcd.io_kustomizations.yaml');

beforeAll(() => {
  installCrds(server());
});

describe('the Flux Kustomization CRD', () => {
  it("is kustomize-controller's own, at the version the harness runs, unchanged below its header", () => {
    const [source] = GO_MODULE_CRDS;
    const shipped = readFileSync(SHIPPED, 'utf8');
    const version = layoutVersion('kustomize');
    const headerLine = shipped.split('\n')[2];
    expect(headerLine).toMatch(
      new RegExp(`^# Source: Go module github\\.com/fluxcd/kustomize-controller@${version.replace(/\./g, '\\.')} \\(h1:`),
    );
    // The hash is the module's, as the harness's go.sum records it for the controller it builds.
    const goSum = readFileSync(join(REPO_ROOT, 'libs', 'cluster-harness', 'go', 'kustomize-controller', 'go.sum'), 'utf8');
    const sum = new RegExp(`^${source.module.replace(/\./g, '\\.')} ${version.replace(/\./g, '\\.')} (h1:\\S+)$`, 'm').exec(goSum)?.[1];
    if (!sum) throw new Error(`go.sum of the harness has no hash for ${source.module} ${version}`);
    const header = goModuleHeader(source, version, sum);
    // build.sh copies the same file from the same module next to the controller it builds.
    const built = locateFluxKwok().crds.find((file) => file.endsWith(source.target));
    if (!built) throw new Error(`build.sh flux-kwok left no ${source.target}`);
    expect(shipped).toBe(`---\n${header}${readFileSync(built, 'utf8').replace(/^---\n/, '')}`);
  });

  const kustomization = (spec: Record<string, unknown>): string =>
    JSON.stringify({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'workloads', namespace: 'default' },
      spec: {
        interval: '5m',
        path: './generated/o2ims/edge',
        prune: true,
        sourceRef: { kind: 'GitRepository', name: 'site' },
        ...spec,
      },
    });

  const dryRun = (manifest: string): { status: number | null; stderr: string } =>
    server().kubectl(['apply', '--validate=strict', '--dry-run=server', '-f', '-'], { input: manifest });

  it('accepts dependsOn[].readyExpr and healthCheckExprs, as kustomize-controller v1.9 reads them', () => {
    const outcome = dryRun(
      kustomization({
        dependsOn: [{ name: 'cluster', readyExpr: "dep.status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True')" }],
        healthCheckExprs: [
          {
            apiVersion: 'o2ims.provisioning.oran.org/v1alpha1',
            kind: 'ProvisioningRequest',
            current: "status.provisioningStatus.provisioningPhase == 'fulfilled'",
            failed: "status.provisioningStatus.provisioningPhase == 'failed'",
          },
        ],
      }),
    );
    expect({ status: outcome.status, stderr: outcome.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('rejects a field the controller does not know, naming it', () => {
    const outcome = dryRun(kustomization({ dependsOn: [{ name: 'cluster', readyWhen: 'always' }] }));
    expect(outcome.status).not.toBe(0);
    expect(outcome.stderr).toContain('readyWhen');
  });
});
