/**
 * The monitoring objects validate against prometheus-operator's own schemas (npm
 * @kubernetes-models/prometheus-operator), and a broken one is rejected (the check can fail).
 */
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { type MonitoredWorkload, podMonitor, prometheusRule, slothRuleGroups } from '.';

const WORKLOAD: MonitoredWorkload = {
  name: 'edge-5g-deployment',
  namespace: 'ran-workloads',
  podLabels: { 'app.kubernetes.io/name': 'ran-du', 'app.kubernetes.io/instance': 'edge-5g-deployment' },
  selectorLabels: { release: 'kube-prometheus-stack' },
};
const GROUPS = slothRuleGroups(
  {
    name: 'availability',
    objective: 99.9,
    description: 'DU pods ready',
    sli: { errorQuery: 'sum(x[{{.window}}])', totalQuery: 'sum(y[{{.window}}])' },
  },
  { service: 'edge-5g-deployment', labels: {}, periodDays: 30 },
);

describe('monitoring objects', () => {
  it('a PodMonitor scraping the request pods validates against the prometheus-operator schema', () => {
    const object = podMonitor(WORKLOAD, { port: 'metrics', path: '/metrics', interval: '30s', scheme: 'http' });
    expect(() => new PodMonitor(object as never).validate()).not.toThrow();
  });

  it('a PrometheusRule with the SLO rules validates against the prometheus-operator schema', () => {
    expect(() => new PrometheusRule(prometheusRule(WORKLOAD, GROUPS) as never).validate()).not.toThrow();
  });

  it('rejects a PodMonitor whose endpoints are not a list', () => {
    const object = podMonitor(WORKLOAD, { port: 'metrics', path: '/metrics', interval: '30s', scheme: 'http' }) as {
      spec: Record<string, unknown>;
    };
    object.spec.podMetricsEndpoints = 'metrics';
    expect(() => new PodMonitor(object as never).validate()).toThrow();
  });
});
