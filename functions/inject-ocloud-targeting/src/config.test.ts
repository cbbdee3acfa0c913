import { KrmItem, readFunctionConfig } from '@focom/krm-runtime';
import { INJECT_CONFIG } from './config';

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
        gitAuth: 'token',
        timeout: '5m',
        sloMaxObservationAge: '15m',
        sloBudgetThreshold: '25',
        sloRollback: 'false',
        sloCanarySites: '',
        sloCanaryRequired: '',
        sloCanaryBakeTime: '',
      },
      results: [],
    });
  });

  it('reads the SLO gate keys and the Flux timeout, numbers and booleans of the typed kind too', () => {
    const typed = KrmItem.fromObject({
      apiVersion: 'fn.focom.nephio.org/v1alpha1',
      kind: 'InjectOCloudTargetingConfig',
      metadata: { name: 'c' },
      spec: { timeout: '10m', sloBudgetThreshold: 30, sloRollback: true, sloCanarySites: 'canary-a', sloCanaryBakeTime: '2h' },
    });
    const read = readFunctionConfig(typed, INJECT_CONFIG);
    expect(read.results).toEqual([]);
    expect(read.value).toMatchObject({ timeout: '10m', sloBudgetThreshold: '30', sloRollback: 'true', sloCanarySites: 'canary-a' });
    const bad = KrmItem.fromObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { timeout: 'soon', sloCanarySites: 'canary-a' },
    });
    expect(readFunctionConfig(bad, INJECT_CONFIG).results.map((r) => [r.field?.path, r.message])).toEqual([
      ['data.timeout', 'must be a Go duration such as 5m or 1h, got "soon"'],
      ['data.sloCanaryBakeTime', 'must be set when sloCanarySites is, e.g. 2h: how long a canary must run the target version'],
    ]);
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

  it('requires repoURL for Config Sync too, and takes only the auth types a RootSync accepts', () => {
    const configMap = KrmItem.fromObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { delivery: 'configsync', gitAuth: 'password' },
    });
    expect(readFunctionConfig(configMap, INJECT_CONFIG).results.map((r) => [r.field?.path, r.message])).toEqual([
      ['data.gitAuth', expect.stringContaining('"password"')],
      ['data.repoURL', 'must be set when delivery is configsync: the URL of the Git repository holding this package'],
    ]);
  });
});
