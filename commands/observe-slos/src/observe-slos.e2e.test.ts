/**
 * bin/observe-slos against a real Prometheus (Debian's package) holding a month of synthetic
 * history: a healthy site, a burning site and a site with no data, plus two canary packages.
 * The numbers written into the package are checked against a calculation made here from the
 * same synthetic samples, and the gate is run on what was written.
 *
 * The history: each SLO's 5-minute SLI series (`slo:sli_error:ratio_rate5m`) backfilled every
 * 5 minutes for 30 days up to t0, so the rules' 30-day window has a month to average; and raw
 * request and error counters every minute for the 3 days before t0 - 6m, so the live 30m..3d SLI
 * windows (and the burn-rate alerts) have data while the live 5m window has none and adds no
 * sample to the backfilled 5m series. An instant selector looks back 30 minutes, so the last
 * backfilled 5m sample stays current while the test runs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_GATE_SETTINGS, type GateInput, type SloObservationSpec, readObservationSpec, sloGate } from '@focom/observability';
import { parse } from 'yaml';
import { REPO_ROOT } from '@focom/test-support/kpt';
import { type RunningPrometheus, type SyntheticSeries, startPrometheus } from '@focom/test-support/prometheus';
import { runAsync } from '@focom/test-support/run-async';
import { OBJECTIVE, type Site, packageFiles, ruleGroups, writePackage } from '@focom/test-support/slo-package';
import { closestBudget } from '@focom/test-support/slo-budget';

const BIN = join(REPO_ROOT, 'bin', 'observe-slos');
const STEP = 300;
const MONTH = 30 * 288;
const DAY = 86400;
const BUDGET = 1 - OBJECTIVE / 100;
const TOKEN = 'e2e-bearer-9f8e7d6c5b4a';

const HEALTHY: Site = { request: 'site-healthy', template: '5g-ran-du@v1.0.0', slos: ['availability', 'f1-setup-success'] };
const BURNING: Site = { request: 'site-burning', dialect: 'upstream', template: '5g-ran-du@v1.0.0', slos: ['availability'] };
const NO_DATA: Site = { request: 'site-nodata', template: '5g-ran-du@v1.0.0', slos: ['availability'] };
const CANARY_A: Site = { request: 'canary-a', template: '5g-ran-du@v1.1.0', slos: ['availability'] };
const CANARY_B: Site = { request: 'canary-b', template: '5g-ran-du@v1.1.0', slos: ['availability'] };

/** The 5-minute error ratio of each SLO, sample i at t0 - (MONTH - 1 - i) * 5m (k = MONTH - 1 - i 5-minute steps before t0). */
const RATIOS: Record<string, (k: number) => number> = {
  'site-healthy/availability': (k) => (k % 288 < 96 ? 0.0003 : 0.0001),
  'site-healthy/f1-setup-success': () => 0.0004,
  'site-burning/availability': (k) => (k < 2 * 288 ? 0.02 : 0.0003),
  'canary-a/availability': () => 0.0001,
  'canary-b/availability': () => 0.0002,
};
/** The error ratio of the raw counters, m minutes before t0. */
const RAW_RATIOS: Record<string, (m: number) => number> = {
  'site-healthy/availability': () => 0.0002,
  'site-healthy/f1-setup-success': () => 0.0004,
  'site-burning/availability': (m) => (m < 2 * 1440 ? 0.02 : 0.0003),
};

function ruleLabels(site: Site, slo: string, record: string): Record<string, string> {
  for (const group of ruleGroups(site))
    for (const rule of group.rules) if ('record' in rule && rule.record === record && rule.labels.sloth_slo === slo) return rule.labels;
  throw new Error(`no ${record} rule for ${site.request}/${slo}`);
}

function ratios(key: string): number[] {
  return Array.from({ length: MONTH }, (_, i) => RATIOS[key](MONTH - 1 - i));
}

function history(t0: number): SyntheticSeries[] {
  const series: SyntheticSeries[] = [];
  for (const site of [HEALTHY, BURNING, CANARY_A, CANARY_B])
    for (const slo of site.slos!) {
      const values = ratios(`${site.request}/${slo}`);
      series.push({
        name: 'slo:sli_error:ratio_rate5m',
        labels: ruleLabels(site, slo, 'slo:sli_error:ratio_rate5m'),
        samples: values.map((v, i) => [t0 - (MONTH - 1 - i) * STEP, v] as const),
      });
    }
  for (const [key, ratio] of Object.entries(RAW_RATIOS)) {
    const [request, slo] = key.split('/');
    const minutes = Array.from({ length: 3 * 1440 - 6 + 1 }, (_, i) => 3 * 1440 - i); // 4320 .. 6 minutes before t0
    let requests = 0;
    let errors = 0;
    const total: Array<[number, number]> = [];
    const failed: Array<[number, number]> = [];
    for (const m of minutes) {
      requests += 600;
      errors += 600 * ratio(m);
      total.push([t0 - m * 60, requests]);
      failed.push([t0 - m * 60, errors]);
    }
    series.push({ name: 'focom_test_requests_total', labels: { site: request, slo }, samples: total });
    series.push({ name: 'focom_test_errors_total', labels: { site: request, slo }, samples: failed });
  }
  // canary-a has had its v1.1.0 rules loaded for two days; canary-b only since Prometheus started.
  series.push({
    name: 'sloth_slo_info',
    labels: ruleLabels(CANARY_A, 'availability', 'sloth_slo_info'),
    samples: Array.from({ length: 2 * 1440 + 1 }, (_, i) => [t0 - 2 * DAY + i * 60, 1] as const),
  });
  return series;
}

/** The budget left as the rules compute it from this file's samples (see closestBudget in support). */
function budgetFromSamples(key: string, written: number, t0: number, observedAt: number): number {
  return closestBudget(ratios(key), BUDGET, written, { t0, observedAt, step: STEP });
}

describe('observe-slos against a real Prometheus', () => {
  let prometheus: RunningPrometheus;
  let root: string;
  let t0: number;
  const pkg = (): string => join(root, 'wave-2');
  const canaries = (): string[] => ['--canary', join(root, 'wave-1-canary-a'), '--canary', join(root, 'wave-1-canary-b')];
  const observe = (extra: string[] = []) =>
    runAsync(BIN, [pkg(), '--prometheus', prometheus.url, '--token-file', join(root, 'token'), ...canaries(), ...extra]);
  const written = (): SloObservationSpec => {
    const read = readObservationSpec(parse(readFileSync(join(pkg(), 'slo-observations.yaml'), 'utf8')));
    if (!read.ok) throw new Error(read.reason);
    return read.value;
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'focom-observe-'));
    writePackage(pkg(), packageFiles('wave-2', [HEALTHY, BURNING, NO_DATA]));
    writePackage(join(root, 'wave-1-canary-a'), packageFiles('wave-1-canary-a', [CANARY_A]));
    writePackage(join(root, 'wave-1-canary-b'), packageFiles('wave-1-canary-b', [CANARY_B]));
    writeFileSync(join(root, 'token'), `${TOKEN}\n`);
    t0 = Math.floor(Date.now() / 1000);
    prometheus = await startPrometheus({
      ruleGroups: [HEALTHY, BURNING, NO_DATA, CANARY_A, CANARY_B].flatMap(ruleGroups),
      history: history(t0),
      lookbackDelta: '30m',
    });
    await prometheus.waitForSeries([
      ...['site-healthy', 'site-burning', 'canary-a', 'canary-b'].map(
        (s) => `slo:period_error_budget_remaining:ratio{sloth_service="${s}"}`,
      ),
      'count(slo:period_error_budget_remaining:ratio{sloth_service="site-healthy"}) == 2',
      'ALERTS{sloth_service="site-burning", alertstate="firing", sloth_severity="page"}',
      'ALERTS{sloth_service="site-burning", alertstate="firing", sloth_severity="ticket"}',
      'sloth_slo_info{sloth_service="canary-b"}',
    ]);
  }, 300_000);

  afterAll(async () => {
    await prometheus?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('writes the budget left, burn rate and firing alerts of a healthy, a burning and a no-data site, as calculated here', async () => {
    const run = await observe();
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const spec = written();
    const observedAt = Date.parse(spec.observedAt) / 1000;
    expect(spec.source).toBe(prometheus.url);
    expect(spec.requests.map((r) => [r.request, r.template, r.slos.map((s) => `${s.slo}:${s.state}`)])).toEqual([
      ['site-burning', '5g-ran-du@v1.0.0', ['availability:observed']],
      ['site-healthy', '5g-ran-du@v1.0.0', ['availability:observed', 'f1-setup-success:observed']],
      ['site-nodata', '5g-ran-du@v1.0.0', ['availability:no-data']],
    ]);
    const check = (request: string, slo: string, alerts: string[]): void => {
      const reading = spec.requests.find((r) => r.request === request)!.slos.find((s) => s.slo === slo)!;
      const key = `${request}/${slo}`;
      expect(reading.errorBudgetRemaining).toBeCloseTo(budgetFromSamples(key, reading.errorBudgetRemaining!, t0, observedAt), 9);
      // The burn rate over the last 5 minutes: the last backfilled sample (at t0) over the budget.
      expect(reading.currentBurnRate).toBeCloseTo(RATIOS[key](0) / BUDGET, 9);
      expect(reading.firingAlerts).toEqual(alerts);
    };
    check('site-healthy', 'availability', []);
    check('site-healthy', 'f1-setup-success', []);
    check('site-burning', 'availability', ['page', 'ticket']);
    // The numbers a person reads, for orientation: 83% and 60% left; the burning site overspent by 61%.
    const budgets = spec.requests.flatMap((r) => r.slos.map((s) => s.errorBudgetRemaining?.toFixed(3)));
    expect(budgets).toEqual(['-0.613', '0.833', '0.600', undefined]);
    expect(spec.requests.find((r) => r.request === 'site-nodata')!.slos[0]).toEqual({
      slo: 'availability',
      state: 'no-data',
      firingAlerts: [],
    });
    expect(run.stdout).toContain('site-burning');
    expect(run.stdout).toMatch(/o2ims\/site-burning\s+5g-ran-du@v1\.0\.0\s+availability\s+-61\.3%\s+20\.00\s+page,ticket/);
    const file = readFileSync(join(pkg(), 'slo-observations.yaml'), 'utf8');
    for (const text of [run.stdout, run.stderr, file]) expect(text).not.toContain(TOKEN);
    expect(file).toContain('config.kubernetes.io/local-config: "true"');
  });

  it('records how long each canary has run its version: two days, and since Prometheus started', async () => {
    const run = await observe();
    expect(run.status).toBe(0);
    const spec = written();
    const [a, b] = spec.canaries;
    expect([a.package, a.request, a.template, b.package, b.request]).toEqual([
      'wave-1-canary-a',
      'canary-a',
      '5g-ran-du@v1.1.0',
      'wave-1-canary-b',
      'canary-b',
    ]);
    // To the 5-minute step of the range query.
    expect(Math.abs(Date.parse(a.runningSince!) / 1000 - (t0 - 2 * DAY))).toBeLessThanOrEqual(STEP);
    expect(Date.parse(b.runningSince!) / 1000).toBeGreaterThan(t0 - STEP);
    expect(a.slos[0].errorBudgetRemaining).toBeCloseTo(0.9, 6);
    expect(b.slos[0].errorBudgetRemaining).toBeCloseTo(0.8, 6);
  });

  it('gives the gate what it needs: healthy upgrade True, burning and no data False, a wave baked or not', async () => {
    expect((await observe()).status).toBe(0);
    const spec = written();
    const now = new Date(Date.parse(spec.observedAt) + 60_000);
    const gate = (request: string, settings: Partial<GateInput['settings']> = {}) =>
      sloGate({
        request: { name: request, namespace: 'o2ims' },
        change: { kind: 'template-upgrade', running: '5g-ran-du@v1.0.0', target: '5g-ran-du@v1.1.0' },
        observation: spec,
        now,
        settings: { ...DEFAULT_GATE_SETTINGS, ...settings },
      });
    expect(gate('site-healthy')).toMatchObject({ status: 'True', reason: 'SloHealthy' });
    expect(gate('site-healthy').message).toContain('availability: 83.3% of the error budget left');
    expect(gate('site-burning')).toMatchObject({ status: 'False', reason: 'PageAlertFiring' });
    expect(gate('site-burning').message).toContain(
      'availability: -61.3% of the error budget left, burn rate 20.00, page and ticket alert firing',
    );
    expect(gate('site-nodata')).toMatchObject({ status: 'False', reason: 'NoData' });
    const wave = { sites: ['canary-a', 'canary-b'], bakeSeconds: 3600 };
    expect(gate('site-healthy', { canaries: { ...wave, required: 2 } })).toMatchObject({ status: 'False', reason: 'CanariesNotBaked' });
    expect(gate('site-healthy', { canaries: { ...wave, required: 2 } }).message).toContain(
      'canary-a ready: ran 5g-ran-du@v1.1.0 for 2d00h',
    );
    expect(gate('site-healthy', { canaries: { ...wave, required: 1 } })).toMatchObject({ status: 'True', reason: 'SloHealthy' });
  });

  it('keeps comments outside spec, and remembers the version a site ran before so the gate can roll back to it', async () => {
    const previous = [
      '# Observed by the nightly CI job; see the runbook.',
      'apiVersion: focom.nephio.org/v1alpha1',
      'kind: SloObservation',
      'metadata:',
      '  name: slo-observations',
      '  annotations:',
      '    config.kubernetes.io/local-config: "true"',
      '    team: ran-ops # who to ask',
      'spec:',
      '  observedAt: "2026-04-01T08:00:00.000Z"',
      '  source: http://prometheus:9090',
      '  requests:',
      '    - request: site-burning',
      '      namespace: o2ims',
      '      template: 5g-ran-du@v0.9.0',
      '      slos:',
      '        - {slo: availability, state: observed, errorBudgetRemaining: 0.71, currentBurnRate: 0.3, firingAlerts: []}',
      '  canaries: []',
      '',
    ].join('\n');
    writeFileSync(join(pkg(), 'slo-observations.yaml'), previous);
    expect((await observe()).status).toBe(0);
    const file = readFileSync(join(pkg(), 'slo-observations.yaml'), 'utf8');
    expect(file.startsWith('# Observed by the nightly CI job; see the runbook.\napiVersion: focom.nephio.org/v1alpha1\n')).toBe(true);
    expect(file).toContain('    team: ran-ops # who to ask\n');
    const spec = written();
    const burning = spec.requests.find((r) => r.request === 'site-burning')!;
    expect(burning.previousVersions).toEqual([
      {
        template: '5g-ran-du@v0.9.0',
        observedAt: '2026-04-01T08:00:00.000Z',
        slos: [{ slo: 'availability', state: 'observed', errorBudgetRemaining: 0.71, currentBurnRate: 0.3, firingAlerts: [] }],
      },
    ]);
    const input: GateInput = {
      request: { name: 'site-burning', namespace: 'o2ims' },
      change: { kind: 'no-change', running: '5g-ran-du@v1.0.0', target: '5g-ran-du@v1.0.0' },
      observation: spec,
      now: new Date(Date.parse(spec.observedAt) + 60_000),
      settings: DEFAULT_GATE_SETTINGS,
    };
    expect(sloGate(input)).toMatchObject({
      status: 'False',
      reason: 'PageAlertFiring',
      message: expect.stringContaining('roll back to 5g-ran-du@v0.9.0') as unknown,
    });
    expect(sloGate({ ...input, settings: { ...DEFAULT_GATE_SETTINGS, rollback: true } })).toMatchObject({
      status: 'True',
      reason: 'RolledBack',
      rollbackTo: '5g-ran-du@v0.9.0',
    });
    // A second run remembers it still, and writes the same structure.
    expect((await observe()).status).toBe(0);
    expect(
      written()
        .requests.find((r) => r.request === 'site-burning')!
        .previousVersions.map((v) => v.template),
    ).toEqual(['5g-ran-du@v0.9.0']);
  });
});
