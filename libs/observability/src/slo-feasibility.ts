/**
 * Whether a request's declared SLOs can hold on the workload it renders, decided at render time
 * from the rendered objects alone. An availability objective of 99.9% or more allows about 43
 * minutes of downtime a month: a single replica, a PodDisruptionBudget that lets every pod go, or
 * pods that may all land on one node spend that in one node drain.
 */
import { getPath, isPlainObject } from '@focom/krm-runtime';
import { fillWindow } from '@focom/domain';
import { vectorSelectors } from '@focom/domain';
import type { SloSpec } from '@focom/domain';

/** From this objective on, one pod (or one node) is not enough. */
export const HIGH_AVAILABILITY_OBJECTIVE = 99.9;

export interface FeasibilityProblem {
  slo: string;
  /** `infeasible` keeps approval away; `suspect` is worth a look but does not. */
  severity: 'infeasible' | 'suspect';
  reason: 'SingleReplica' | 'DisruptionBudgetAllowsAll' | 'NotSpreadAcrossNodes' | 'SliNotScraped';
  /** What to change, with the object and the numbers. */
  message: string;
}

type Json = Record<string, unknown>;

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet']);
/** Metrics the cluster's own monitoring scrapes (kube-state-metrics, cAdvisor, the kubelet). */
const CLUSTER_METRIC = /^(kube_|container_|kubelet_|node_|up$)/;

function labelsMatch(selector: unknown, labels: unknown): boolean {
  const wanted = getPath(selector, 'matchLabels');
  if (!isPlainObject(wanted) || !isPlainObject(labels)) return false;
  return Object.entries(wanted).every(([k, v]) => labels[k] === v);
}

/**
 * The metric names a PromQL query reads, as Prometheus's grammar parses it: the name of each
 * vector selector, written before its braces or as `__name__="..."`. Placeholders (the window,
 * parameters) are filled with a duration and a name first.
 */
export function metricNames(query: string): string[] {
  const names = new Set<string>();
  const text = fillWindow(query, '5m').replace(/\$\{[^}]*\}/g, 'p');
  for (const selector of vectorSelectors(text)) {
    if (selector.metric !== undefined) names.add(selector.metric);
    for (const matcher of selector.matchers) if (matcher.name === '__name__' && matcher.op === '=') names.add(matcher.value);
  }
  return [...names].sort();
}

function percentOf(value: unknown, of: number): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+%$/.test(value)) return Math.ceil((Number(value.slice(0, -1)) / 100) * of);
  return undefined;
}

/** Whether the budget lets every one of `replicas` pods be evicted at once. */
function allowsAll(pdb: Json, replicas: number): boolean {
  const maxUnavailable = percentOf(getPath(pdb, 'spec', 'maxUnavailable'), replicas);
  if (maxUnavailable !== undefined) return maxUnavailable >= replicas;
  const minAvailable = percentOf(getPath(pdb, 'spec', 'minAvailable'), replicas);
  return minAvailable !== undefined && minAvailable <= 0;
}

/** Spread across nodes: a topology spread constraint or a required anti-affinity on the node's hostname. */
function spreadAcrossNodes(podSpec: unknown): boolean {
  const constraints = getPath(podSpec, 'topologySpreadConstraints');
  if (Array.isArray(constraints) && constraints.some((c) => getPath(c, 'topologyKey') === 'kubernetes.io/hostname')) return true;
  const antiAffinity = getPath(podSpec, 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution');
  return Array.isArray(antiAffinity) && antiAffinity.some((term) => getPath(term, 'topologyKey') === 'kubernetes.io/hostname');
}

/**
 * The problems of each SLO against the rendered objects (the request's manifests and monitors),
 * in a stable order: infeasible ones first, by SLO, then workload.
 */
export function checkFeasibility(slos: readonly SloSpec[], objects: readonly Json[]): FeasibilityProblem[] {
  const problems: FeasibilityProblem[] = [];
  const workloads = objects.filter((o) => WORKLOAD_KINDS.has(String(o.kind)));
  const budgets = objects.filter((o) => o.kind === 'PodDisruptionBudget');
  const monitored = objects.some((o) => o.kind === 'PodMonitor' || o.kind === 'ServiceMonitor');
  for (const slo of slos) {
    if (slo.objective >= HIGH_AVAILABILITY_OBJECTIVE) {
      for (const workload of workloads) {
        const name = `${String(workload.kind)} ${String(getPath(workload, 'metadata', 'name'))}`;
        const replicas = typeof getPath(workload, 'spec', 'replicas') === 'number' ? (getPath(workload, 'spec', 'replicas') as number) : 1;
        const podLabels = getPath(workload, 'spec', 'template', 'metadata', 'labels');
        const at = `SLO ${slo.name} (objective ${slo.objective}%)`;
        if (replicas < 2) {
          problems.push({
            slo: slo.name,
            severity: 'infeasible',
            reason: 'SingleReplica',
            message: `${at} cannot hold with 1 replica of ${name}: set replicas to 2 or more, or lower the objective below ${HIGH_AVAILABILITY_OBJECTIVE}%`,
          });
          continue;
        }
        const loose = budgets.find((pdb) => labelsMatch(getPath(pdb, 'spec', 'selector'), podLabels) && allowsAll(pdb, replicas));
        if (loose) {
          problems.push({
            slo: slo.name,
            severity: 'infeasible',
            reason: 'DisruptionBudgetAllowsAll',
            message: `${at} cannot hold: PodDisruptionBudget ${String(getPath(loose, 'metadata', 'name'))} lets all ${replicas} pods of ${name} be evicted at once; keep at least one available`,
          });
        }
        if (!spreadAcrossNodes(getPath(workload, 'spec', 'template', 'spec'))) {
          problems.push({
            slo: slo.name,
            severity: 'infeasible',
            reason: 'NotSpreadAcrossNodes',
            message: `${at} cannot hold: the ${replicas} pods of ${name} may all run on one node; spread them with a topologySpreadConstraint on kubernetes.io/hostname`,
          });
        }
      }
    }
    const ownMetrics = [...new Set([...metricNames(slo.sli.errorQuery), ...metricNames(slo.sli.totalQuery)])]
      .filter((m) => !CLUSTER_METRIC.test(m))
      .sort();
    if (ownMetrics.length > 0 && !monitored) {
      problems.push({
        slo: slo.name,
        severity: 'suspect',
        reason: 'SliNotScraped',
        message: `SLO ${slo.name} reads ${ownMetrics.join(', ')}, which no generated PodMonitor or ServiceMonitor scrapes`,
      });
    }
  }
  return problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'infeasible' ? -1 : 1));
}
