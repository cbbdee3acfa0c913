/** The functionConfig keys that widen the template policy: comma-separated lists, each entry checked. */
import { KrmItem, readFunctionConfig } from '@focom/krm-runtime';
import { EXPAND_CONFIG, templateAllowList } from './config';

function read(data: Record<string, string>) {
  return readFunctionConfig(KrmItem.fromObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data }), EXPAND_CONFIG);
}

describe('the template allow-list in functionConfig', () => {
  it('is empty by default: every template is untrusted', () => {
    const config = read({});
    expect(config.results).toEqual([]);
    expect(templateAllowList(config.value)).toEqual({ kinds: [], namespaces: [], templates: [] });
  });

  it('reads each list, trimmed, sorted, each entry once', () => {
    const config = read({
      templateAllowKinds: 'DaemonSet, ClusterRoleBinding,DaemonSet',
      templateAllowNamespaces: 'monitoring,kube-system',
      trustedTemplates: '5g-upf@v1.1.0, vendor-cni',
    });
    expect(config.results).toEqual([]);
    expect(templateAllowList(config.value)).toEqual({
      kinds: ['ClusterRoleBinding', 'DaemonSet'],
      namespaces: ['kube-system', 'monitoring'],
      templates: ['5g-upf@v1.1.0', 'vendor-cni'],
    });
  });

  it.each([
    ['templateAllowKinds', 'cluster-role-binding'],
    ['templateAllowKinds', 'DaemonSet,'],
    ['templateAllowNamespaces', 'Kube_System'],
    ['trustedTemplates', '5g upf'],
  ])('refuses %s: %j, naming the key and the entry', (key, value) => {
    const config = read({ [key]: value });
    expect(config.results.map((r) => ({ severity: r.severity, path: r.field?.path }))).toEqual([
      { severity: 'error', path: `data.${key}` },
    ]);
    expect(config.results[0]?.message).toContain('separated by commas');
  });
});
