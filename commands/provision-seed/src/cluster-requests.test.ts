import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '@focom/test-support/kpt';
import { CLUSTER_REQUESTS_FILE, clusterRequestsToAdd, writeClusterRequests } from './cluster-requests';
import { readOperatorPackage } from './package';

function read(example: string) {
  const pkg = readOperatorPackage(join(REPO_ROOT, 'packages', 'examples', example));
  if (!pkg.ok) throw new Error(pkg.reason);
  return pkg.value;
}

describe('the cluster requests provision-seed adds', () => {
  it('adds one for the seed O-Cloud, in the seed dialect', () => {
    const pkg = read('seed-edge');
    const adds = clusterRequestsToAdd(pkg);
    expect(adds).toEqual([{ ocloud: 'edge-ocloud', namespace: 'o2ims', request: 'edge-ocloud-cluster' }]);
    const dir = mkdtempSync(join(tmpdir(), 'focom-cluster-requests-'));
    try {
      writeClusterRequests(pkg, dir, adds);
      const objects = parseAllDocuments(readFileSync(join(dir, CLUSTER_REQUESTS_FILE), 'utf8')).map(
        (d) => d.toJSON() as Record<string, unknown>,
      );
      expect(objects).toEqual([
        {
          apiVersion: 'focom.nephio.org/v1alpha1',
          kind: 'TemplateInfo',
          metadata: { name: 'edge-ocloud-cluster-template', namespace: 'o2ims' },
          spec: { template: 'edge-cluster', templateVersion: 'v1.0.0', parameters: { clusterName: 'edge-ocloud' } },
        },
        {
          apiVersion: 'focom.nephio.org/v1alpha1',
          kind: 'FocomProvisioningRequest',
          metadata: { name: 'edge-ocloud-cluster', namespace: 'o2ims' },
          spec: { ocloudRef: { name: 'edge-ocloud', namespace: 'o2ims' }, templateRef: { name: 'edge-ocloud-cluster-template' } },
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('adds none where the package provisions the O-Cloud itself (upstream-site-a has site-a-cluster)', () => {
    expect(clusterRequestsToAdd(read('upstream-site-a'))).toEqual([]);
  });
});
