import { isClusterScoped } from './cluster-scoped';

describe('cluster-scoped kinds', () => {
  it('tell cluster-scoped kinds from namespaced ones, by group', () => {
    const scoped = (apiVersion: string, kind: string) => isClusterScoped(apiVersion.includes('/') ? apiVersion.split('/')[0] : '', kind);
    expect(
      [
        'v1 Namespace',
        'rbac.authorization.k8s.io/v1 ClusterRole',
        'storage.k8s.io/v1 StorageClass',
        'o2ims.provisioning.oran.org/v1alpha1 ProvisioningRequest',
      ].map((t) => scoped(...(t.split(' ') as [string, string]))),
    ).toEqual([true, true, true, true]);
    expect(
      [
        'v1 ConfigMap',
        'apps/v1 Deployment',
        'policy/v1 PodDisruptionBudget',
        'rbac.authorization.k8s.io/v1 Role',
        'example.com/v1 Namespace',
      ].map((t) => scoped(...(t.split(' ') as [string, string]))),
    ).toEqual([false, false, false, false, false]);
  });
});
