/**
 * packages/focom-status on a real API server: every object accepted by a server-side dry run, no
 * Pod Security warning, a Pod of its Deployment's template admitted in its namespace (which
 * enforces restricted), and RBAC that grants Secrets only through RoleBindings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { useApiServer } from '@focom/test-support/apiserver';
import { REPO_ROOT } from '@focom/test-support/kpt';
import { dryRunPackage, expectAccepted } from '@focom/test-support/server-apply';

type Json = Record<string, unknown>;
const server = useApiServer();
const DIR = join(REPO_ROOT, 'packages', 'focom-status');

function objects(file: string): Json[] {
  return parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((d) => d.toJSON() as Json);
}

describe('packages/focom-status', () => {
  it('is accepted by the API server, without a Pod Security warning', () => {
    const { outcome } = dryRunPackage(server(), DIR);
    expectAccepted(outcome, 'packages/focom-status');
    expect(outcome.warnings).toEqual([]);
  });

  it("admits a Pod of the Deployment's template where restricted is enforced", () => {
    const [deployment] = objects('deployment.yaml');
    const template = ((deployment.spec as Json).template ?? {}) as Json;
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'focom-status-check', namespace: 'focom-system' }, spec: template.spec };
    const created = server().kubectl(['create', '--dry-run=server', '-f', '-'], { input: JSON.stringify(pod) });
    expect({ status: created.status, stderr: created.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('grants what the controller does and Secrets only per namespace', () => {
    const roles = objects('clusterrole.yaml');
    const rules = (name: string): Json[] => (roles.find((r) => (r.metadata as Json).name === name)!.rules ?? []) as Json[];
    expect(rules('focom-status')).toEqual([
      { apiGroups: ['focom.nephio.org'], resources: ['focomprovisioningrequests'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['focom.nephio.org'], resources: ['focomprovisioningrequests/status'], verbs: ['patch'] },
      { apiGroups: ['kustomize.toolkit.fluxcd.io'], resources: ['kustomizations'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(rules('focom-status-ocloud-secrets')).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]);
    const [clusterBinding] = objects('clusterrolebinding.yaml');
    expect((clusterBinding.roleRef as Json).name).toBe('focom-status');
    const [secretsBinding] = objects('secrets-rolebinding.yaml');
    expect(secretsBinding).toMatchObject({ kind: 'RoleBinding', roleRef: { kind: 'ClusterRole', name: 'focom-status-ocloud-secrets' } });
  });
});
