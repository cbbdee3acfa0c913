/**
 * bin/observe-slos against a real Prometheus where one site had no traffic: its SLI divided 0 by
 * 0 every 5 minutes for a month (backfilled NaN), so Prometheus answers NaN for its error budget
 * and burn rate. That SLO is recorded as no data; a busy site beside it is observed, and the file
 * is written (before, one NaN made observe-slos write nothing for every request).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readObservationSpec } from '@focom/observability';
import { REPO_ROOT } from '@focom/test-support/kpt';
import { type RunningPrometheus, type SyntheticSeries, startPrometheus } from '@focom/test-support/prometheus';
import { runAsync } from '@focom/test-support/run-async';
import { type Site, packageFiles, ruleGroups, writePackage } from '@focom/test-support/slo-package';

const BIN = join(REPO_ROOT, 'bin', 'observe-slos');
const STEP = 300;
const DAYS = 3;

const QUIET: Site = { request: 'site-quiet', template: '5g-ran-du@v1.0.0', slos: ['availability'] };
const BUSY: Site = { request: 'site-busy', template: '5g-ran-du@v1.0.0', slos: ['availability'] };

function sliLabels(site: Site): Record<string, string> {
  for (const group of ruleGroups(site))
    for (const rule of group.rules) if ('record' in rule && rule.record === 'slo:sli_error:ratio_rate5m') return rule.labels;
  throw new Error(`no SLI rule for ${site.request}`);
}

function history(t0: number): SyntheticSeries[] {
  const times = Array.from({ length: (DAYS * 86400) / STEP + 1 }, (_, i) => t0 - DAYS * 86400 + i * STEP);
  return [
    { name: 'slo:sli_error:ratio_rate5m', labels: sliLabels(QUIET), samples: times.map((t) => [t, Number.NaN] as const) },
    { name: 'slo:sli_error:ratio_rate5m', labels: sliLabels(BUSY), samples: times.map((t) => [t, 0.0002] as const) },
  ];
}

describe('observe-slos on a site without traffic, against a real Prometheus', () => {
  let prometheus: RunningPrometheus;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'focom-observe-quiet-'));
    writePackage(join(root, 'site'), packageFiles('site', [QUIET, BUSY]));
    prometheus = await startPrometheus({
      ruleGroups: [QUIET, BUSY].flatMap(ruleGroups),
      history: history(Math.floor(Date.now() / 1000)),
      lookbackDelta: '30m',
    });
    await prometheus.waitForSeries([
      'slo:period_error_budget_remaining:ratio{sloth_service="site-busy"}',
      'slo:period_error_budget_remaining:ratio{sloth_service="site-quiet"}',
    ]);
  }, 300_000);

  afterAll(async () => {
    await prometheus?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('records the quiet SLO as no data and observes the busy one', async () => {
    const answer = await prometheus.get(
      `/api/v1/query?${new URLSearchParams({ query: 'slo:period_error_budget_remaining:ratio{sloth_service="site-quiet"}' }).toString()}`,
    );
    expect(answer.body).toContain('"NaN"');
    const run = await runAsync(BIN, [join(root, 'site'), '--prometheus', prometheus.url]);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const spec = readObservationSpec(parse(readFileSync(join(root, 'site', 'slo-observations.yaml'), 'utf8')));
    if (!spec.ok) throw new Error(spec.reason);
    expect(spec.value.requests.map((r) => [r.request, r.slos.map((s) => s.state)])).toEqual([
      ['site-busy', ['observed']],
      ['site-quiet', ['no-data']],
    ]);
    expect(spec.value.requests[0].slos[0].errorBudgetRemaining).toBeCloseTo(0.8, 6);
    expect(run.stdout).toMatch(/site-quiet\s+5g-ran-du@v1\.0\.0\s+availability\s+no data/);
  });
});
