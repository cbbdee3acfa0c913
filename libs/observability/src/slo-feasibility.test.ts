/** Declared SLOs against the workload a request renders: what cannot hold, and what is suspect. */
import { checkFeasibility, metricNames } from '.';
import { type SloSpec } from '@focom/domain';

const AVAILABILITY: SloSpec = {
  name: 'availability',
  objective: 99.9,
  description: 'DU pods ready',
  sli: {
    errorQuery: 'sum(kube_deployment_status_replicas_unavailable{namespace="ran",deployment="ran-du"}[{{.window}}])',
    totalQuery: 'sum(kube_deployment_spec_replicas{namespace="ran",deployment="ran-du"}[{{.window}}])',
  },
};
const F1: SloSpec = {
  name: 'f1-setup',
  objective: 99,
  description: 'F1 setups',
  sli: {
    errorQuery: 'sum(rate(du_f1_setup_failures_total[{{.window}}]))',
    totalQuery: 'sum(rate(du_f1_setup_attempts_total[{{.window}}]))',
  },
};

function deployment(replicas: number, spread = true): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'ran-du' },
    spec: {
      replicas,
      template: {
        metadata: { labels: { app: 'ran-du' } },
        spec: spread
          ? { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' }] }
          : {},
      },
    },
  };
}
function pdb(spec: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'ran-du' },
    spec: { ...spec, selector: { matchLabels: { app: 'ran-du' } } },
  };
}
const MONITOR = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'm' } };

describe('SLO feasibility', () => {
  it('finds nothing wrong with three spread replicas and a budget that keeps pods', () => {
    expect(checkFeasibility([AVAILABILITY, F1], [deployment(3), pdb({ maxUnavailable: 1 }), MONITOR])).toEqual([]);
  });

  it.each([
    [
      'one replica',
      [deployment(1), pdb({ maxUnavailable: 1 })],
      'SingleReplica',
      'cannot hold with 1 replica of Deployment ran-du: set replicas to 2 or more',
    ],
    [
      'a budget that lets every pod go',
      [deployment(2), pdb({ maxUnavailable: '100%' })],
      'DisruptionBudgetAllowsAll',
      'lets all 2 pods of Deployment ran-du be evicted at once',
    ],
    ['minAvailable 0', [deployment(3), pdb({ minAvailable: 0 })], 'DisruptionBudgetAllowsAll', 'lets all 3 pods'],
    ['no spreading across nodes', [deployment(3, false), pdb({ maxUnavailable: 1 })], 'NotSpreadAcrossNodes', 'may all run on one node'],
  ])('a 99.9%% objective is infeasible with %s', (_what, objects, reason, message) => {
    const problems = checkFeasibility([AVAILABILITY], objects);
    expect(problems).toEqual([expect.objectContaining({ slo: 'availability', severity: 'infeasible', reason })]);
    expect(problems[0].message).toContain(message);
  });

  it('asks nothing of the replicas below 99.9%', () => {
    expect(checkFeasibility([F1], [deployment(1, false), MONITOR])).toEqual([]);
  });

  it('calls an SLI suspect when no generated monitor scrapes its metrics (cluster metrics need none)', () => {
    expect(checkFeasibility([F1, AVAILABILITY], [deployment(3), pdb({ maxUnavailable: 1 })])).toEqual([
      expect.objectContaining({
        slo: 'f1-setup',
        severity: 'suspect',
        reason: 'SliNotScraped',
        message: expect.stringContaining('du_f1_setup_attempts_total, du_f1_setup_failures_total') as unknown,
      }),
    ]);
  });

  it('reads the metric names of a query, not its functions or label values', () => {
    expect(metricNames('sum by (pod) (rate(du_errors_total{code=~"5..|rate"}[5m])) / on(pod) group_left sum(rate(du_total[5m]))')).toEqual([
      'du_errors_total',
      'du_total',
    ]);
  });

  it('reads them as PromQL parses them: single-quoted and raw strings, __name__ matchers, placeholders', () => {
    expect(metricNames('sum(rate(du_errors_total{code=\'x{\'}[{{ .window }}])) / sum(rate({__name__="du_total", a=`b[`}[5m]))')).toEqual([
      'du_errors_total',
      'du_total',
    ]);
    expect(metricNames('sum(rate(du_total{cell="${cell}"}[{{.window}}])) offset 1h')).toEqual(['du_total']);
  });
});
