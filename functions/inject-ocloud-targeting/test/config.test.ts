import { KrmItem, readFunctionConfig } from '../../lib/src';
import { INJECT_CONFIG } from '../src/config';

describe('inject-ocloud-targeting functionConfig', () => {
  it('reads the typed settings with defaults', () => {
    const config = KrmItem.fromObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { delivery: 'none' } });
    expect(readFunctionConfig(config, INJECT_CONFIG)).toEqual({
      value: {
        delivery: 'none',
        sourceName: 'focom-packages',
        repoPath: '.',
        interval: '10m',
        repoURL: '',
        targetRevision: 'main',
        argocdNamespace: 'argocd',
      },
      results: [],
    });
  });

  it('requires repoURL for Argo CD, pinned to the field that holds it', () => {
    const configMap = KrmItem.fromObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { delivery: 'argocd' } });
    const typed = KrmItem.fromObject({
      apiVersion: 'fn.focom.nephio.org/v1alpha1',
      kind: 'InjectOCloudTargetingConfig',
      metadata: { name: 'c' },
      spec: { delivery: 'argocd' },
    });
    expect(readFunctionConfig(configMap, INJECT_CONFIG).results.map((r) => [r.field?.path, r.message])).toEqual([
      ['data.repoURL', 'must be set when delivery is argocd: the URL of the Git repository holding this package'],
    ]);
    expect(readFunctionConfig(typed, INJECT_CONFIG).results.map((r) => r.field?.path)).toEqual(['spec.repoURL']);
  });
});
