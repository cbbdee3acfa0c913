/**
 * The monitoring objects a render writes, against the real tools: the seed package rendered by
 * the real kpt gets a PodMonitor and a PrometheusRule whose groups `promtool check rules` accepts
 * and whose burn-rate alerts `promtool test rules` fires as the SRE workbook says (page on a 2%
 * error rate sustained for an hour, nothing at 0.05%, a ticket on a slow 0.2% burn). Every
 * library template with SLOs, expanded with its defaults, passes `promtool check rules` too, for
 * a 30-day and a 28-day period.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { KrmItem, type ResourceList } from '@focom/krm-runtime';
import { templateLibrary } from '@focom/domain';
import { expandProvisioningRequest } from '@focom/expand-provisioning-request';
import { REPO_ROOT, removeScratch, render, scratchPackage } from '@focom/test-support/kpt';
import { checkRules, testRules } from '@focom/test-support/promtool';
import { siteObjects } from '@focom/test-support/site-objects';

const GENERATED = join('generated', 'o2ims', 'edge-5g-deployment');

interface RuleFile {
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: { groups: Array<{ name: string; rules: Array<Record<string, unknown>> }> };
}

let rule: RuleFile;
let monitor: { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> };

beforeAll(() => {
  const pkg = scratchPackage(join(REPO_ROOT, 'packages', 'examples', 'seed-edge'));
  try {
    const outcome = render(pkg);
    if (outcome.status !== 0) throw new Error(`kpt fn render failed:\n${outcome.stderr}`);
    rule = parse(readFileSync(join(pkg, GENERATED, 'prometheusrule_edge-5g-deployment-slos.yaml'), 'utf8')) as RuleFile;
    monitor = parse(readFileSync(join(pkg, GENERATED, 'podmonitor_edge-5g-deployment-metrics.yaml'), 'utf8')) as typeof monitor;
  } finally {
    removeScratch(pkg);
  }
});

/** Replicas desired (100) and unavailable (`unavailable` of them on average), for `minutes`. */
function replicas(unavailable: number, minutes: number): Array<{ series: string; values: string }> {
  const labels = 'namespace="ran-workloads", deployment="ran-du"';
  return [
    { series: `kube_deployment_spec_replicas{${labels}}`, values: `100x${minutes}` },
    { series: `kube_deployment_status_replicas_unavailable{${labels}}`, values: `${unavailable}x${minutes}` },
  ];
}

function firing(severity: 'page' | 'ticket'): unknown {
  return {
    exp_labels: {
      focom_request: 'edge-5g-deployment',
      focom_ocloud: 'edge-ocloud',
      focom_template: '5g-ran-du@v1.2.0',
      sloth_id: 'edge-5g-deployment-du-availability',
      sloth_service: 'edge-5g-deployment',
      sloth_slo: 'du-availability',
      sloth_severity: severity,
    },
    exp_annotations: {
      summary: "The DU's replicas are available (kube-state-metrics). (SLO du-availability, objective 99.9%)",
      title: `(${severity}) edge-5g-deployment du-availability SLO error budget burn rate is too fast.`,
    },
  };
}

describe('the monitoring objects of the rendered seed package', () => {
  it('scrape exactly the DU pods of the request, and carry the labels kube-prometheus-stack selects', () => {
    expect(monitor.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(monitor.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'ran-du' } },
      namespaceSelector: { matchNames: ['ran-workloads'] },
      podMetricsEndpoints: [{ port: 'metrics', path: '/metrics', interval: '30s', scheme: 'http' }],
    });
    expect(rule.metadata).toMatchObject({ name: 'edge-5g-deployment-slos', namespace: 'ran-workloads' });
    expect(rule.metadata.labels.release).toBe('kube-prometheus-stack');
  });

  it('hold rules that pass promtool check rules', () => {
    expect(rule.spec.groups.map((g) => g.name)).toEqual([
      'sloth-slo-sli-recordings-edge-5g-deployment-f1-setup-success',
      'sloth-slo-meta-recordings-edge-5g-deployment-f1-setup-success',
      'sloth-slo-alerts-edge-5g-deployment-f1-setup-success',
      'sloth-slo-sli-recordings-edge-5g-deployment-du-availability',
      'sloth-slo-meta-recordings-edge-5g-deployment-du-availability',
      'sloth-slo-alerts-edge-5g-deployment-du-availability',
    ]);
    expect(checkRules(rule.spec.groups)).toEqual({ status: 0, output: expect.stringContaining('SUCCESS: 34 rules found') as unknown });
  });

  it('page on 2% of the DU replicas unavailable for an hour, not on 0.05%, and open a ticket on 0.2% (promtool test rules)', () => {
    const alertname = 'DuAvailabilitySLOBurnRate';
    const outcome = testRules(rule.spec.groups, [
      {
        interval: '1m',
        input_series: replicas(2, 90),
        alert_rule_test: [{ eval_time: '65m', alertname, exp_alerts: [firing('page'), firing('ticket')] }],
      },
      { interval: '1m', input_series: replicas(0.05, 8 * 60), alert_rule_test: [{ eval_time: '7h', alertname, exp_alerts: [] }] },
      {
        interval: '1m',
        input_series: replicas(0.2, 8 * 60),
        alert_rule_test: [{ eval_time: '7h', alertname, exp_alerts: [firing('ticket')] }],
      },
    ]);
    expect(outcome).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') as unknown });
  });
});

describe('every library template with SLOs, expanded with its defaults', () => {
  const withSlos = [...templateLibrary().values()].filter((t) => (t.observability?.slos.length ?? 0) > 0);

  it('is 5g-ran-du v1.2.0 and 5g-upf v1.1.0 (the check covers something)', () => {
    expect(withSlos.map((t) => `${t.name}@${t.version}`).sort()).toEqual(['5g-ran-du@v1.2.0', '5g-upf@v1.1.0']);
  });

  it.each(withSlos.flatMap((t) => ['30d', '28d'].map((period) => [`${t.name}@${t.version}`, period])))(
    '%s with sloPeriod %s renders rules that pass promtool check rules',
    (label, period) => {
      const [name] = label.split('@');
      const list: ResourceList = {
        apiVersion: 'config.kubernetes.io/v1',
        kind: 'ResourceList',
        seqIndent: 0,
        functionConfig: KrmItem.fromObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { sloPeriod: period } }),
        items: siteObjects(
          label,
          name === '5g-upf'
            ? { namespace: 'edge', dnn: 'internet' }
            : { namespace: 'edge', replicas: 3, cpu_request: '1', memory_request: '1Gi' },
          'site-a',
        ).map((o) => KrmItem.fromObject(o)),
      };
      const outcome = expandProvisioningRequest.process(list);
      expect(outcome.results.filter((r) => r.severity === 'error')).toEqual([]);
      const rules = list.items.filter((i) => i.kind === 'PrometheusRule');
      expect(rules).toHaveLength(1);
      const groups = (rules[0].object as unknown as RuleFile).spec.groups;
      expect(groups.flatMap((g) => g.rules).find((r) => r.record === 'slo:time_period:days')?.expr).toBe(`vector(${period.slice(0, 2)})`);
      expect(checkRules(groups)).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') as unknown });
    },
  );
});
