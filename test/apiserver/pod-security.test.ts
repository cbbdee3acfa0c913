/**
 * The function's Pod Security check against Kubernetes' own: every pod template (a list of
 * hostile pods, one broken field each, and every pod template the shipped library renders) is
 * created as a Pod with server-side dry run in a namespace labelled
 * `pod-security.kubernetes.io/enforce=<level>`. The API server's PodSecurity admission must refuse
 * it exactly when the function refuses it, both ways.
 */
import { podSecurityProblems, podTemplateOf, sampleParameters, templateLibrary } from '@focom/domain';
import { renderTemplate } from '@focom/rendering';
import { getPath } from '@focom/krm-runtime';
import { DEFAULT_MONITORING } from '@focom/domain';
import { useApiServer } from '@focom/test-support/apiserver';
import { HOSTILE_PODS } from '@focom/test-support/hostile-pods';

const server = useApiServer();
const LEVELS = ['baseline', 'restricted'] as const;
type CheckedLevel = (typeof LEVELS)[number];

interface PodCase {
  name: string;
  level: CheckedLevel;
  metadata: unknown;
  spec: Record<string, unknown>;
}

const namespaceOf = (level: CheckedLevel): string => `pss-${level}`;

/** Every pod template the shipped library renders, at the level its generated Namespace declares (restricted when none). */
function libraryPods(): PodCase[] {
  return [...templateLibrary().values()].flatMap((template) => {
    const parameters = sampleParameters(template.parameterSchema);
    const rendered = renderTemplate(template, parameters, { request: 'site', ocloud: 'ocloud', monitoring: DEFAULT_MONITORING });
    if (!rendered.ok) throw new Error(`${template.name}@${template.version}: ${rendered.reason}`);
    const declared = rendered.value.objects
      .filter((o) => o.kind === 'Namespace' && getPath(o, 'metadata', 'name') === parameters.namespace)
      .map((o) => getPath(o, 'metadata', 'labels', 'pod-security.kubernetes.io/enforce'))[0];
    const level: CheckedLevel = declared === 'baseline' ? 'baseline' : 'restricted';
    return rendered.value.objects.flatMap((object) => {
      const pod = podTemplateOf(object);
      return pod ? [{ name: `${rendered.value.template} ${String(object.kind)}`, level, metadata: pod.metadata, spec: pod.spec }] : [];
    });
  });
}

const hostileCases: PodCase[] = HOSTILE_PODS.flatMap((pod) =>
  LEVELS.map((level) => ({ name: pod.name, level, metadata: { annotations: pod.annotations ?? {} }, spec: pod.spec })),
);

function functionRefuses(pod: PodCase): boolean {
  return podSecurityProblems({ metadata: pod.metadata, spec: pod.spec, base: '' }, pod.level).length > 0;
}

/** Whether PodSecurity admission refuses the pod; any other failure of the dry run fails the test. */
function apiServerRefuses(pod: PodCase, index: number): boolean {
  const annotations = getPath(pod.metadata, 'annotations') ?? {};
  const manifest = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${index}`, namespace: namespaceOf(pod.level), annotations },
    spec: pod.spec,
  };
  const done = server().kubectl(['create', '--dry-run=server', '-o', 'name', '-f', '-'], { input: JSON.stringify(manifest) });
  if (done.status === 0) return false;
  if (done.stderr.includes('violates PodSecurity')) return true;
  // The harness's server runs without --allow-privileged (as provision-seed's cluster does), so
  // its own validation refuses a privileged container before PodSecurity sees it: still a refusal.
  if (/securityContext\.privileged: Forbidden: disallowed by cluster policy/.test(done.stderr)) return true;
  throw new Error(`the API server refused ${pod.name} (${pod.level}) for another reason:\n${done.stderr}`);
}

beforeAll(() => {
  for (const level of LEVELS) {
    const namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespaceOf(level), labels: { 'pod-security.kubernetes.io/enforce': level } },
    };
    const created = server().kubectl(['create', '-f', '-'], { input: JSON.stringify(namespace) });
    if (created.status !== 0) throw new Error(`cannot create namespace ${namespaceOf(level)}: ${created.stderr}`);
  }
});

describe('Pod Security: the function refuses exactly what the API server refuses', () => {
  it('over the hostile pods at baseline and restricted', () => {
    const verdicts = hostileCases.map((pod, i) => ({ pod: `${pod.name} (${pod.level})`, refused: apiServerRefuses(pod, i) }));
    expect(hostileCases.map((pod) => ({ pod: `${pod.name} (${pod.level})`, refused: functionRefuses(pod) }))).toEqual(verdicts);
    // The list is worth something only if both verdicts occur at both levels.
    for (const level of LEVELS)
      expect(new Set(verdicts.filter((v) => v.pod.endsWith(`(${level})`)).map((v) => v.refused))).toEqual(new Set([true, false]));
  });

  it("over the shipped library's pod templates, which both accept", () => {
    const pods = libraryPods();
    expect(pods.length).toBeGreaterThan(0);
    const verdicts = pods.map((pod, i) => ({
      pod: `${pod.name} (${pod.level})`,
      api: apiServerRefuses(pod, 1000 + i),
      fn: functionRefuses(pod),
    }));
    expect(verdicts).toEqual(pods.map((pod) => ({ pod: `${pod.name} (${pod.level})`, api: false, fn: false })));
  });
});
