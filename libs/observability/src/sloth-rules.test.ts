/**
 * The SLO rules against the real Prometheus tools: `promtool check rules` accepts them, and
 * `promtool test rules` feeds synthetic series proving the burn-rate alerts fire when they
 * should: at a 99.9% objective a 2% error rate sustained for an hour pages, 0.05% does not, and a
 * slow 0.2% burn opens a ticket.
 */
import { slothRuleGroups } from '.';
import { type SloSpec, type SloTarget } from '@focom/domain';
import { checkRules, testRules } from '@focom/test-support/promtool';

const SLO: SloSpec = {
  name: 'f1-setup-success',
  objective: 99.9,
  description: 'F1 setups the DU completes',
  sli: {
    errorQuery: 'sum(rate(du_f1_setup_failures_total{namespace="ran"}[{{.window}}]))',
    totalQuery: 'sum(rate(du_f1_setup_attempts_total{namespace="ran"}[{{.window}}]))',
  },
};
const TARGET: SloTarget = {
  service: 'edge-5g-deployment',
  labels: { focom_request: 'edge-5g-deployment', focom_ocloud: 'edge-ocloud', focom_template: '5g-ran-du_v1.0.0' },
  periodDays: 30,
};
const GROUPS = slothRuleGroups(SLO, TARGET);
const ALERT = 'F1SetupSuccessSLOBurnRate';

/** Attempts at 100 a minute, failures at `perMinute` a minute, for `minutes`. */
function series(perMinute: number, minutes: number): Array<{ series: string; values: string }> {
  return [
    { series: 'du_f1_setup_attempts_total{namespace="ran"}', values: `0+100x${minutes}` },
    { series: 'du_f1_setup_failures_total{namespace="ran"}', values: `0+${perMinute}x${minutes}` },
  ];
}

/** The alert as Prometheus fires it: the SLO's labels, the severity, and the short window of the pair that burns. */
function firing(severity: 'page' | 'ticket'): unknown {
  return {
    exp_labels: {
      ...TARGET.labels,
      sloth_id: 'edge-5g-deployment-f1-setup-success',
      sloth_service: TARGET.service,
      sloth_slo: SLO.name,
      sloth_severity: severity,
    },
    exp_annotations: {
      summary: 'F1 setups the DU completes (SLO f1-setup-success, objective 99.9%)',
      title: `(${severity}) edge-5g-deployment f1-setup-success SLO error budget burn rate is too fast.`,
    },
  };
}

describe("Sloth's rules for an SLO", () => {
  it('follow Sloth: groups, record names, windows and labels', () => {
    expect(GROUPS.map((g) => g.name)).toEqual([
      'sloth-slo-sli-recordings-edge-5g-deployment-f1-setup-success',
      'sloth-slo-meta-recordings-edge-5g-deployment-f1-setup-success',
      'sloth-slo-alerts-edge-5g-deployment-f1-setup-success',
    ]);
    expect(GROUPS[0].rules.map((r) => ('record' in r ? `${r.record} ${r.labels.sloth_window}` : ''))).toEqual(
      ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'].map((w) => `slo:sli_error:ratio_rate${w} ${w}`),
    );
    expect(GROUPS[1].rules.map((r) => ('record' in r ? r.record : ''))).toEqual([
      'slo:objective:ratio',
      'slo:error_budget:ratio',
      'slo:time_period:days',
      'slo:current_burn_rate:ratio',
      'slo:period_burn_rate:ratio',
      'slo:period_error_budget_remaining:ratio',
      'sloth_slo_info',
    ]);
    expect(GROUPS[1].rules[0]).toMatchObject({
      expr: 'vector(0.9990000000000001)',
      labels: { sloth_id: 'edge-5g-deployment-f1-setup-success' },
    });
    expect(GROUPS[2].rules.map((r) => ('alert' in r ? `${r.alert} ${r.labels.sloth_severity}` : ''))).toEqual([
      `${ALERT} page`,
      `${ALERT} ticket`,
    ]);
  });

  it("write the page alert's condition as Sloth v0.16 does: each window's maximum without sloth_window", () => {
    const sel = '{sloth_id="edge-5g-deployment-f1-setup-success", sloth_service="edge-5g-deployment", sloth_slo="f1-setup-success"}';
    const over = (window: string, factor: string): string =>
      `max(slo:sli_error:ratio_rate${window}${sel} > (${factor} * 0.0009999999999999432)) without (sloth_window)`;
    expect(GROUPS[2].rules[0].expr).toBe(
      `(\n    ${over('5m', '14.4')}\n    and\n    ${over('1h', '14.4')}\n)\nor\n(\n    ${over('30m', '6')}\n    and\n    ${over('6h', '6')}\n)\n`,
    );
  });

  it('name a 28-day period 4w and scale the burn factors to it, as Sloth does', () => {
    const groups = slothRuleGroups(SLO, { ...TARGET, periodDays: 28 });
    expect(groups[0].rules.map((r) => ('record' in r ? `${r.record} ${r.labels.sloth_window}` : '')).at(-1)).toBe(
      'slo:sli_error:ratio_rate4w 4w',
    );
    const factors = groups[2].rules.map((r) => [...r.expr.matchAll(/> \(([0-9.]+) \*/g)].map((m) => m[1]));
    // 5% of 672 hours in 6 hours, in float64 as Sloth computes it: 5 * 672 / 100 / 6.
    expect(factors).toEqual([
      ['13.44', '13.44', '5.6000000000000005', '5.6000000000000005'],
      ['2.8000000000000003', '2.8000000000000003', '0.9333333333333333', '0.9333333333333333'],
    ]);
  });

  it('pass promtool check rules, for a 30-day and a 28-day period', () => {
    for (const periodDays of [30, 28]) {
      const outcome = checkRules(slothRuleGroups(SLO, { ...TARGET, periodDays }));
      expect({ periodDays, ...outcome }).toEqual({
        periodDays,
        status: 0,
        output: expect.stringContaining('SUCCESS: 17 rules found') as unknown,
      });
    }
  });

  it('page on a 2% error rate sustained for an hour, not on 0.05%, and open a ticket on a slow 0.2% burn (promtool test rules)', () => {
    const outcome = testRules(GROUPS, [
      {
        interval: '1m',
        input_series: series(2, 90),
        alert_rule_test: [{ eval_time: '65m', alertname: ALERT, exp_alerts: [firing('page'), firing('ticket')] }],
      },
      { interval: '1m', input_series: series(0.05, 8 * 60), alert_rule_test: [{ eval_time: '7h', alertname: ALERT, exp_alerts: [] }] },
      {
        interval: '1m',
        input_series: series(0.2, 8 * 60),
        alert_rule_test: [{ eval_time: '7h', alertname: ALERT, exp_alerts: [firing('ticket')] }],
      },
    ]);
    expect(outcome).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') as unknown });
  });

  it('make promtool fail when the alert does not fire as the test expects (the test can fail)', () => {
    const outcome = testRules(GROUPS, [
      {
        interval: '1m',
        input_series: series(0.05, 90),
        alert_rule_test: [{ eval_time: '65m', alertname: ALERT, exp_alerts: [firing('page')] }],
      },
    ]);
    expect(outcome.status).not.toBe(0);
  });
});
