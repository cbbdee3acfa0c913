/**
 * prometheus-operator objects (monitoring.coreos.com/v1) for one request's workload: a PodMonitor
 * that scrapes exactly that request's pods, and a PrometheusRule holding its SLO rules.
 * Prometheus picks them up only when their labels match its selectors, so those labels are the
 * caller's (functionConfig; kube-prometheus-stack selects `release: <helm release>`).
 */
import type { RuleGroup } from './sloth-rules';

export const MONITORING_API_VERSION = 'monitoring.coreos.com/v1';

/** Where a template's workload serves its metrics (which may be an exporter sidecar's port). */
export interface MetricsEndpoint {
  /** The container port's name. */
  port: string;
  path: string;
  interval: string;
  scheme: 'http' | 'https';
}

export interface MonitoredWorkload {
  /** Names the objects: `<name>-metrics`, `<name>-slos` (the request's name). */
  name: string;
  /** The workload's namespace on the edge cluster. */
  namespace: string;
  /** Labels every pod of this request's workload carries, and no other pod in the namespace. */
  podLabels: Readonly<Record<string, string>>;
  /** Labels that make Prometheus select the objects. */
  selectorLabels: Readonly<Record<string, string>>;
}

export function podMonitor(workload: MonitoredWorkload, endpoint: MetricsEndpoint): Record<string, unknown> {
  return {
    apiVersion: MONITORING_API_VERSION,
    kind: 'PodMonitor',
    metadata: { name: `${workload.name}-metrics`, namespace: workload.namespace, labels: { ...workload.selectorLabels } },
    spec: {
      selector: { matchLabels: { ...workload.podLabels } },
      namespaceSelector: { matchNames: [workload.namespace] },
      podMetricsEndpoints: [{ port: endpoint.port, path: endpoint.path, interval: endpoint.interval, scheme: endpoint.scheme }],
    },
  };
}

export function prometheusRule(workload: MonitoredWorkload, groups: readonly RuleGroup[]): Record<string, unknown> {
  return {
    apiVersion: MONITORING_API_VERSION,
    kind: 'PrometheusRule',
    metadata: { name: `${workload.name}-slos`, namespace: workload.namespace, labels: { ...workload.selectorLabels } },
    spec: { groups: groups.map((g) => ({ name: g.name, rules: g.rules.map((r) => ({ ...r })) })) },
  };
}
