import { KrmItem } from '@focom/krm-runtime';
import { CLCM_API_VERSION, O2IMS_API_VERSION, type RequestCheck } from '@focom/domain';
import { clusterRequestsBefore, clusterRequestsByOCloud, isClusterRequest, provisioningHealthChecks } from './cluster-first';

/** The fields of a RequestCheck these functions read. */
function check(
  name: string,
  ocloud: string | undefined,
  template: 'library' | 'outside' | 'unknown',
  clusterRequests?: string[],
): RequestCheck {
  return {
    request: { name, namespace: 'smo' },
    ...(ocloud ? { ocloud: { name: ocloud, namespace: 'smo', ...(clusterRequests ? { clusterRequests } : {}) } } : {}),
    ...(template === 'unknown' ? {} : { templateInfo: {} }),
    ...(template === 'library' ? { resolved: {} } : {}),
  } as unknown as RequestCheck;
}

const item = (apiVersion: string, kind: string): KrmItem => KrmItem.fromObject({ apiVersion, kind, metadata: { name: 'x' } });

describe('cluster first, workloads after', () => {
  it('knows a cluster request by its template outside the library, or by the ProvisioningRequest it rendered', () => {
    expect(isClusterRequest(check('c', 'a', 'outside'), [])).toBe(true);
    expect(isClusterRequest(check('c', 'a', 'library'), [item(CLCM_API_VERSION, 'ProvisioningRequest')])).toBe(true);
    expect(isClusterRequest(check('w', 'a', 'library'), [item('apps/v1', 'Deployment')])).toBe(false);
    // No TemplateInfo and nothing rendered: nothing says it is one.
    expect(isClusterRequest(check('c', 'a', 'unknown'), [])).toBe(false);
    // A kind of the same name in another group is not an O2IMS request.
    expect(isClusterRequest(check('w', 'a', 'library'), [item('example.com/v1', 'ProvisioningRequest')])).toBe(false);
  });

  it('makes each workload request wait for every cluster request on its OCloud, and a cluster request for none', () => {
    const checks = [
      check('a-du', 'site-a', 'library'),
      check('a-cluster-2', 'site-a', 'outside'),
      check('a-cluster-10', 'site-a', 'outside'),
      check('b-du', 'site-b', 'library'),
      check('lost', undefined, 'outside'),
    ];
    const byOCloud = clusterRequestsByOCloud(checks, () => []);
    expect([...byOCloud.entries()]).toEqual([['smo/site-a', ['a-cluster-10', 'a-cluster-2']]]);
    expect(checks.map((c) => clusterRequestsBefore(c, [], byOCloud))).toEqual([['a-cluster-10', 'a-cluster-2'], [], [], [], []]);
  });

  it('adds the cluster requests of other packages the OCloud names, once, in order', () => {
    const named = ['site-c-cluster', 'a-cluster'];
    const checks = [check('c-du', 'site-c', 'library', named), check('a-cluster', 'site-c', 'outside', named)];
    const byOCloud = clusterRequestsByOCloud(checks, () => []);
    expect(clusterRequestsBefore(checks[0], [], byOCloud)).toEqual(['a-cluster', 'site-c-cluster']);
    expect(clusterRequestsBefore(checks[1], [], byOCloud)).toEqual([]);
  });

  it("checks each API's phase field: fulfilled is Current, failed is Failed, one check per API", () => {
    const generated = [
      item(O2IMS_API_VERSION, 'ProvisioningRequest'),
      item('v1', 'ConfigMap'),
      item(CLCM_API_VERSION, 'ProvisioningRequest'),
      item(O2IMS_API_VERSION, 'ProvisioningRequest'),
    ];
    expect(provisioningHealthChecks(generated)).toEqual([
      {
        apiVersion: CLCM_API_VERSION,
        kind: 'ProvisioningRequest',
        current: "status.?provisioningStatus.?provisioningPhase.orValue('') == 'fulfilled'",
        failed: "status.?provisioningStatus.?provisioningPhase.orValue('') == 'failed'",
      },
      {
        apiVersion: O2IMS_API_VERSION,
        kind: 'ProvisioningRequest',
        current: "status.?provisioningStatus.?provisioningState.orValue('') == 'fulfilled'",
        failed: "status.?provisioningStatus.?provisioningState.orValue('') == 'failed'",
      },
    ]);
    expect(provisioningHealthChecks([item('v1', 'ConfigMap')])).toEqual([]);
  });
});
