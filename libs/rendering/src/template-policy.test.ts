/**
 * Templates are untrusted: what one generates is checked before it is written. RBAC that
 * escalates, objects outside the namespace the request owns, and pod templates that break the
 * Pod Security level of their namespace are violations naming the object and the field.
 */
import {
  EMPTY_ALLOW_LIST,
  type TemplateAllowList,
  checkGeneratedObjects,
  podSecurityProblems,
  podTemplateOf,
  sampleParameters,
  templateLibrary,
} from '@focom/domain';
import { renderTemplate } from './render-request';
import type { KrmObject } from '@focom/krm-runtime';
import { DEFAULT_MONITORING } from '@focom/domain';
import { HOSTILE_PODS, compliantPodSpec } from '@focom/test-support/hostile-pods';

const PARAMETERS = { namespace: 'ran-a' };

function violations(objects: KrmObject[], allow: TemplateAllowList = EMPTY_ALLOW_LIST, parameters: Record<string, unknown> = PARAMETERS) {
  return checkGeneratedObjects('evil@v1.0.0', objects, parameters, allow).map((v) => ({
    object: `${String(v.object.kind)}/${String(v.object.metadata?.name)}`,
    path: v.path,
  }));
}

const namespace = (name: string, level?: string): KrmObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, ...(level === undefined ? {} : { labels: { 'pod-security.kubernetes.io/enforce': level } }) },
});

const clusterAdminBinding: KrmObject = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'take-over' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
  subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'ran-a' }],
};

function workload(kind: string, ns: string, podSpec: Record<string, unknown>): KrmObject {
  const template = { metadata: { labels: { app: 'x' } }, spec: podSpec };
  const spec =
    kind === 'CronJob'
      ? { schedule: '* * * * *', jobTemplate: { spec: { template } } }
      : kind === 'Pod'
        ? podSpec
        : { selector: { matchLabels: { app: 'x' } }, template };
  const apiVersion = kind === 'Pod' ? 'v1' : kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1';
  return { apiVersion, kind, metadata: { name: 'w', namespace: ns }, spec };
}

describe('RBAC a template generates', () => {
  it('refuses a binding to cluster-admin, cluster-wide or in the owned namespace', () => {
    const roleBinding = { ...clusterAdminBinding, kind: 'RoleBinding', metadata: { name: 'local', namespace: 'ran-a' } };
    expect(violations([clusterAdminBinding, roleBinding])).toEqual([
      { object: 'ClusterRoleBinding/take-over', path: 'roleRef.name' },
      { object: 'RoleBinding/local', path: 'roleRef.name' },
    ]);
  });

  it('refuses escalate, bind, impersonate and wildcard verbs, wildcard resources and aggregated roles', () => {
    const role: KrmObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'sneaky' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: 'y' } }] },
      rules: [
        { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['get', 'escalate', 'bind'] },
        { apiGroups: [''], resources: ['users', 'groups'], verbs: ['impersonate'] },
        { apiGroups: [''], resources: ['*'], verbs: ['*'] },
        { nonResourceURLs: ['*'], verbs: ['get'] },
      ],
    };
    expect(violations([role]).map((v) => v.path)).toEqual([
      'aggregationRule',
      'rules[0].verbs[1]',
      'rules[0].verbs[2]',
      'rules[1].verbs[0]',
      'rules[2].verbs[0]',
      'rules[2].resources[0]',
      'rules[3].nonResourceURLs[0]',
    ]);
  });

  it('accepts a narrow Role and its binding in the owned namespace', () => {
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'reader', namespace: 'ran-a' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
    };
    const binding = {
      ...clusterAdminBinding,
      kind: 'RoleBinding',
      metadata: { name: 'reader', namespace: 'ran-a' },
      roleRef: { kind: 'Role', name: 'reader' },
    };
    expect(violations([role, binding])).toEqual([]);
  });

  it('lets the allow-list widen it by kind or by template, nothing else', () => {
    expect(violations([clusterAdminBinding], { ...EMPTY_ALLOW_LIST, kinds: ['ClusterRoleBinding'] })).toEqual([]);
    expect(violations([clusterAdminBinding], { ...EMPTY_ALLOW_LIST, templates: ['evil'] })).toEqual([]);
    expect(violations([clusterAdminBinding], { ...EMPTY_ALLOW_LIST, templates: ['evil@v1.0.0'] })).toEqual([]);
    expect(violations([clusterAdminBinding], { ...EMPTY_ALLOW_LIST, templates: ['evil@v2.0.0'], kinds: ['ClusterRole'] })).toHaveLength(1);
  });
});

describe('namespaces a template writes to', () => {
  it('accepts the Namespace and the objects of the namespace the request names', () => {
    const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ran-a' } };
    expect(violations([namespace('ran-a', 'restricted'), config])).toEqual([]);
  });

  it('refuses kube-system even when the request names it: the Namespace object and every object in it', () => {
    const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'kube-system' } };
    expect(violations([namespace('kube-system', 'restricted'), config], EMPTY_ALLOW_LIST, { namespace: 'kube-system' })).toEqual([
      { object: 'Namespace/kube-system', path: 'metadata.name' },
      { object: 'ConfigMap/c', path: 'metadata.namespace' },
    ]);
  });

  it.each(['default', 'kube-public', 'kube-node-lease', 'other-site'])('refuses objects in %s, which the request does not own', (ns) => {
    const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: ns } };
    expect(violations([namespace(ns), config])).toEqual([
      { object: `Namespace/${ns}`, path: 'metadata.name' },
      { object: 'ConfigMap/c', path: 'metadata.namespace' },
    ]);
  });

  it('refuses a namespaced object without a namespace and other cluster-scoped kinds, unless the kind is allowed', () => {
    const objects = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name: 'hook' } },
    ];
    expect(violations(objects)).toEqual([
      { object: 'ConfigMap/c', path: 'metadata.namespace' },
      { object: 'MutatingWebhookConfiguration/hook', path: 'metadata.namespace' },
    ]);
    expect(violations(objects, { ...EMPTY_ALLOW_LIST, kinds: ['MutatingWebhookConfiguration'] })).toHaveLength(1);
  });

  it('a request without a namespace parameter owns none', () => {
    const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ran-a' } };
    expect(violations([config], EMPTY_ALLOW_LIST, {})).toEqual([{ object: 'ConfigMap/c', path: 'metadata.namespace' }]);
  });

  it('refuses a Namespace that declares privileged, unless the namespace is allow-listed', () => {
    const path = 'metadata.labels["pod-security.kubernetes.io/enforce"]';
    expect(violations([namespace('ran-a', 'privileged')])).toEqual([{ object: 'Namespace/ran-a', path }]);
    expect(violations([namespace('ran-a', 'anything')])).toEqual([{ object: 'Namespace/ran-a', path }]);
    expect(violations([namespace('ran-a', 'baseline')])).toEqual([]);
    expect(violations([namespace('ran-a', 'privileged')], { ...EMPTY_ALLOW_LIST, namespaces: ['ran-a'] })).toEqual([]);
  });

  it('an allow-listed namespace takes objects and its Namespace, kube-system included', () => {
    const allow = { ...EMPTY_ALLOW_LIST, namespaces: ['kube-system', 'monitoring'] };
    const objects = [
      namespace('monitoring'),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'kube-system' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd', namespace: 'monitoring' } },
    ];
    expect(violations(objects, allow)).toEqual([]);
  });
});

describe('pod templates against the Pod Security level of their namespace', () => {
  it.each(HOSTILE_PODS.map((pod) => [pod.name, pod] as const))('%s', (_name, pod) => {
    for (const level of ['baseline', 'restricted'] as const) {
      const problems = podSecurityProblems({ metadata: { annotations: pod.annotations ?? {} }, spec: pod.spec, base: '' }, level);
      expect({ level, paths: problems.map((p) => p.path).sort() }).toEqual({ level, paths: [...pod.refused[level]].sort() });
    }
    expect(podSecurityProblems({ metadata: {}, spec: pod.spec, base: '' }, 'privileged')).toEqual([]);
  });

  it('covers baseline fields the API server test cannot create a pod with (procMount, Windows host processes)', () => {
    const spec = compliantPodSpec();
    const container = (spec.containers as Array<Record<string, Record<string, unknown>>>)[0];
    container.securityContext.procMount = 'Unmasked';
    container.securityContext.windowsOptions = { hostProcess: true };
    spec.securityContext = { ...(spec.securityContext as object), windowsOptions: { hostProcess: true } };
    expect(podSecurityProblems({ metadata: {}, spec, base: '' }, 'baseline').map((p) => p.path)).toEqual([
      'spec.securityContext.windowsOptions.hostProcess',
      'spec.containers[0].securityContext.windowsOptions.hostProcess',
      'spec.containers[0].securityContext.procMount',
    ]);
  });

  it.each(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'])(
    'finds the pod template of a %s and names the field inside the object',
    (kind) => {
      const hostile = { ...compliantPodSpec(), hostNetwork: true };
      const object = workload(kind, 'ran-a', hostile);
      const base = { Pod: '', CronJob: 'spec.jobTemplate.spec.template.' }[kind] ?? 'spec.template.';
      expect(violations([namespace('ran-a'), object])).toEqual([{ object: `${kind}/w`, path: `${base}spec.hostNetwork` }]);
      expect(podTemplateOf(object)?.spec).toBe(hostile);
    },
  );

  it('uses the level the generated Namespace declares, and restricted when it declares none', () => {
    const rootish = { ...compliantPodSpec(), securityContext: { seccompProfile: { type: 'RuntimeDefault' } } };
    const deployment = workload('Deployment', 'ran-a', rootish);
    expect(violations([namespace('ran-a', 'baseline'), deployment])).toEqual([]);
    expect(violations([namespace('ran-a', 'restricted'), deployment])).toEqual([
      { object: 'Deployment/w', path: 'spec.template.spec.containers[0].securityContext.runAsNonRoot' },
    ]);
    expect(violations([namespace('ran-a'), deployment])).toHaveLength(1);
    expect(violations([deployment])).toHaveLength(1);
  });

  it('refuses a privileged DaemonSet with a hostPath in kube-system, naming every field', () => {
    const spec = {
      hostPID: true,
      containers: [{ name: 'agent', image: 'evil.example/agent:1', securityContext: { privileged: true } }],
      volumes: [{ name: 'root', hostPath: { path: '/' } }],
    };
    const paths = violations([workload('DaemonSet', 'kube-system', spec)]).map((v) => v.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'metadata.namespace',
        'spec.template.spec.hostPID',
        'spec.template.spec.containers[0].securityContext.privileged',
        'spec.template.spec.volumes[0].hostPath',
      ]),
    );
  });
});

describe('the shipped library templates', () => {
  it.each([...templateLibrary().values()].map((t) => [`${t.name}@${t.version}`, t] as const))('%s passes unchanged', (_label, template) => {
    const parameters = sampleParameters(template.parameterSchema);
    const rendered = renderTemplate(template, parameters, { request: 'site', ocloud: 'ocloud', monitoring: DEFAULT_MONITORING });
    if (!rendered.ok) throw new Error(rendered.reason);
    expect(rendered.value.objects.some((o) => podTemplateOf(o) !== undefined)).toBe(true);
    expect(checkGeneratedObjects(rendered.value.template, rendered.value.objects, parameters, EMPTY_ALLOW_LIST)).toEqual([]);
  });
});
