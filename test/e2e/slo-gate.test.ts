/**
 * The SLO gate in a real render: bin/observe-slos against a real Prometheus (Debian's package,
 * a month of synthetic history), then the real `kpt fn render` of site packages whose pipeline
 * runs inject-ocloud-targeting, at a render time given by FOCOM_RENDER_TIME (kpt passes its
 * environment to exec functions: the stale case proves it). The scenarios: first deployment,
 * healthy upgrade, burning upgrade held, stale observation, rollback (off, pending, rendered),
 * a canary wave baked or not, and an infeasible SLO. Every package is rendered a second time,
 * two hours later: nothing changes.
 *
 * The history is that of observe-slos.e2e.test.ts: each SLO's 5-minute SLI series backfilled every
 * 5 minutes for 30 days up to t0, raw counters every minute for the 3 days before t0 - 6m, so the
 * burn-rate alerts have their windows; the budgets are checked against a calculation made here.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { type SloObservationSpec, readObservationSpec } from '@focom/observability';
import { REPO_ROOT, commitAll, git, run } from '@focom/test-support/kpt';
import { type RunningPrometheus, type SyntheticSeries, startPrometheus } from '@focom/test-support/prometheus';
import { runAsync } from '@focom/test-support/run-async';
import { type GateSite, OBJECTIVE, gatePackageFiles, gateRuleGroups, upgradeTo, writeFiles } from '@focom/test-support/gate-package';
import { closestBudget } from '@focom/test-support/slo-budget';

const OBSERVE = join(REPO_ROOT, 'bin', 'observe-slos');
const STEP = 300;
const MONTH = 30 * 288;
const DAY = 86400;
const BUDGET = 1 - OBJECTIVE / 100;
const V1 = '5g-ran-du@v1.0.0';
const V2 = '5g-ran-du@v1.1.0';
const SLO_GATE = 'slo.focom.nephio.org/v1alpha1.FocomProvisioningRequest.';

const HEALTHY: GateSite = { request: 'site-healthy', template: V1, slos: ['availability'] };
const BURNING: GateSite = { request: 'site-burning', template: V1, slos: ['availability'] };
const ROLLBACK: GateSite = { request: 'site-rollback', template: V2, previous: V1, slos: ['availability'] };
const NEW: GateSite = { request: 'site-new', template: V1, slos: ['availability'] };
const CANARY_A: GateSite = { request: 'canary-a', template: V2, previous: V1, slos: ['availability'] };
const CANARY_B: GateSite = { request: 'canary-b', template: V2, previous: V1, slos: ['availability'] };

/** The 5-minute error ratio k 5-minute steps before t0. */
const RATIOS: Record<string, (k: number) => number> = {
  'site-healthy': () => 0.0002,
  'site-burning': (k) => (k < 2 * 288 ? 0.02 : 0.0003),
  'site-rollback': (k) => (k < 2 * 288 ? 0.02 : 0.0003),
  'canary-a': () => 0.0001,
  'canary-b': () => 0.0002,
};
/** The error ratio of the raw counters, m minutes before t0. */
const RAW_RATIOS: Record<string, (m: number) => number> = {
  'site-healthy': () => 0.0002,
  'site-burning': (m) => (m < 2 * 1440 ? 0.02 : 0.0003),
  'site-rollback': (m) => (m < 2 * 1440 ? 0.02 : 0.0003),
};

function ruleLabels(site: GateSite, record: string): Record<string, string> {
  for (const group of gateRuleGroups(site))
    for (const rule of group.rules) if ('record' in rule && rule.record === record) return rule.labels;
  throw new Error(`no ${record} rule for ${site.request}`);
}

function ratios(request: string): number[] {
  return Array.from({ length: MONTH }, (_, i) => RATIOS[request](MONTH - 1 - i));
}

function history(t0: number): SyntheticSeries[] {
  const series: SyntheticSeries[] = [];
  for (const site of [HEALTHY, BURNING, ROLLBACK, CANARY_A, CANARY_B])
    series.push({
      name: 'slo:sli_error:ratio_rate5m',
      labels: ruleLabels(site, 'slo:sli_error:ratio_rate5m'),
      samples: ratios(site.request).map((v, i) => [t0 - (MONTH - 1 - i) * STEP, v] as const),
    });
  for (const [request, ratio] of Object.entries(RAW_RATIOS)) {
    let requests = 0;
    let errors = 0;
    const total: Array<[number, number]> = [];
    const failed: Array<[number, number]> = [];
    for (let m = 3 * 1440; m >= 6; m--) {
      requests += 600;
      errors += 600 * ratio(m);
      total.push([t0 - m * 60, requests]);
      failed.push([t0 - m * 60, errors]);
    }
    series.push({ name: 'focom_test_requests_total', labels: { site: request, slo: 'availability' }, samples: total });
    series.push({ name: 'focom_test_errors_total', labels: { site: request, slo: 'availability' }, samples: failed });
  }
  // canary-a has run v1.1.0's rules for two days; canary-b only since Prometheus started.
  series.push({
    name: 'sloth_slo_info',
    labels: ruleLabels(CANARY_A, 'sloth_slo_info'),
    samples: Array.from({ length: 2 * 1440 + 1 }, (_, i) => [t0 - 2 * DAY + i * 60, 1] as const),
  });
  return series;
}

/** The budget left as the rules compute it from this file's samples (see closestBudget in support). */
function budgetFromSamples(request: string, written: number, t0: number, observedAt: number): number {
  return closestBudget(ratios(request), BUDGET, written, { t0, observedAt, step: STEP });
}

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

/** Every file of a package, path to text. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      if (name === '.git') continue;
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

describe('the SLO gate in a real render, from a real Prometheus', () => {
  let prometheus: RunningPrometheus;
  let root: string;
  let t0: number;

  function render(pkg: string, at: Date): { status: number; stderr: string; condition: Condition; annotations: Record<string, string> } {
    const outcome = run('kpt', ['fn', 'render', pkg, '--allow-exec'], { env: { ...process.env, FOCOM_RENDER_TIME: at.toISOString() } });
    const kptfile = parse(readFileSync(join(pkg, 'Kptfile'), 'utf8')) as {
      metadata: { annotations: Record<string, string> };
      status?: { conditions?: Condition[] };
    };
    const gates = (kptfile.status?.conditions ?? []).filter((c) => c.type.startsWith(SLO_GATE));
    expect(gates).toHaveLength(1);
    return { status: outcome.status, stderr: outcome.stderr, condition: gates[0], annotations: kptfile.metadata.annotations };
  }

  /** Renders again two hours later: not a byte changes (the verdict is kept, its observation long stale). */
  function rendersTheSameLater(pkg: string, at: Date): void {
    const before = snapshot(pkg);
    const again = render(pkg, new Date(at.getTime() + 2 * 3600_000));
    expect(again.status).toBe(0);
    expect(snapshot(pkg)).toEqual(before);
  }

  /** A site package as delivered: rendered once (its first deployment) and committed. */
  function delivered(name: string, site: GateSite, config: Record<string, string> = {}): string {
    const pkg = join(root, name);
    writeFiles(pkg, gatePackageFiles(name, site, config));
    git(pkg, ['init', '-q']);
    const first = render(pkg, new Date(t0 * 1000));
    expect({ status: first.status, stderr: first.stderr }).toMatchObject({ status: 0 });
    commitAll(pkg, 'delivered');
    return pkg;
  }

  async function observe(pkg: string, extra: string[] = []): Promise<SloObservationSpec> {
    const outcome = await runAsync(OBSERVE, [pkg, '--prometheus', prometheus.url, ...extra]);
    expect({ status: outcome.status, stderr: outcome.stderr }).toEqual({ status: 0, stderr: '' });
    const read = readObservationSpec(parse(readFileSync(join(pkg, 'slo-observations.yaml'), 'utf8')));
    if (!read.ok) throw new Error(read.reason);
    return read.value;
  }

  const after = (spec: SloObservationSpec, seconds: number): Date => new Date(Date.parse(spec.observedAt) + seconds * 1000);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'focom-slo-gate-'));
    t0 = Math.floor(Date.now() / 1000);
    prometheus = await startPrometheus({
      ruleGroups: [HEALTHY, BURNING, ROLLBACK, CANARY_A, CANARY_B].flatMap(gateRuleGroups),
      history: history(t0),
      lookbackDelta: '30m',
    });
    await prometheus.waitForSeries([
      ...['site-healthy', 'site-burning', 'site-rollback', 'canary-a', 'canary-b'].map(
        (s) => `slo:period_error_budget_remaining:ratio{sloth_service="${s}"}`,
      ),
      'ALERTS{sloth_service="site-burning", alertstate="firing", sloth_severity="page"}',
      'ALERTS{sloth_service="site-rollback", alertstate="firing", sloth_severity="page"}',
      'sloth_slo_info{sloth_service="canary-b"}',
    ]);
  }, 300_000);

  afterAll(async () => {
    await prometheus?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('lets a first deployment through on feasibility alone, and holds an infeasible one with what to change', async () => {
    const pkg = join(root, 'new');
    writeFiles(pkg, gatePackageFiles('new', NEW));
    const at = new Date(t0 * 1000);
    const first = render(pkg, at);
    expect(first.status).toBe(0);
    expect(first.condition).toEqual({
      type: `${SLO_GATE}site-new`,
      status: 'True',
      reason: 'FirstDeployment',
      message: `first deployment of ${V1}: only the feasibility of its SLOs is checked`,
    });
    expect(first.annotations['slo.focom.nephio.org/gate.site-new']).toMatch(
      /^observedAt=none; target=5g-ran-du@v1\.0\.0; digest=sha256:[0-9a-f]{64}; settings=age=900s,budget=0\.25,rollback=false$/,
    );
    const kptfile = readFileSync(join(pkg, 'Kptfile'), 'utf8');
    expect(kptfile).toContain(`- conditionType: ${SLO_GATE}site-new`);
    const delivery = readFileSync(join(pkg, 'delivery', 'o2ims', 'kustomization_site-new.yaml'), 'utf8');
    expect(delivery).toContain('  wait: true\n  timeout: 5m\n');
    rendersTheSameLater(pkg, at);

    // The draft edited before it was ever delivered (Porch renders again on every edit): still the
    // first deployment of the same version.
    upgradeTo(pkg, { ...NEW, replicas: 3 });
    expect(render(pkg, at).condition).toMatchObject({ status: 'True', reason: 'FirstDeployment' });
    // Another version for a site nobody observed: the render cannot tell it from an upgrade of a
    // running site until observe-slos, shown the delivered revision (which lacks the request),
    // says the site does not run yet.
    upgradeTo(pkg, { ...NEW, replicas: 3, template: V2, previous: V1 });
    expect(render(pkg, at).condition).toMatchObject({ status: 'False', reason: 'NoObservation' });
    const before = join(root, 'new-as-delivered');
    writeFiles(before, { Kptfile: readFileSync(join(pkg, 'Kptfile'), 'utf8') });
    const spec = await observe(pkg, ['--delivered', before]);
    expect(spec.requests).toEqual([{ request: 'site-new', namespace: 'o2ims', slos: [], previousVersions: [] }]);
    expect(render(pkg, after(spec, 30)).condition).toMatchObject({ status: 'True', reason: 'FirstDeployment' });

    const single = join(root, 'single');
    writeFiles(single, gatePackageFiles('single', { ...NEW, replicas: 1 }));
    const held = render(single, at);
    expect(held.status).toBe(0);
    expect(held.condition).toMatchObject({ status: 'False', reason: 'SloInfeasible' });
    expect(held.condition.message).toContain(
      'SLO availability (objective 99.9%) cannot hold with 1 replica of Deployment ran-du: set replicas to 2 or more, or lower the objective below 99.9%',
    );
    expect(held.stderr).toContain('cannot hold with 1 replica');
  });

  it('opens for a healthy upgrade, with the budget left as calculated here', async () => {
    const pkg = delivered('healthy', HEALTHY);
    const spec = await observe(pkg);
    const entry = spec.requests[0];
    expect(entry).toMatchObject({ request: 'site-healthy', template: V1, digest: expect.stringMatching(/^sha256:/) as unknown });
    const budget = entry.slos[0].errorBudgetRemaining!;
    expect(budget).toBeCloseTo(budgetFromSamples('site-healthy', budget, t0, Date.parse(spec.observedAt) / 1000), 9);
    expect(budget).toBeCloseTo(0.8, 9);

    // Nothing changed since it was observed: the render says so.
    const unchanged = render(pkg, after(spec, 60));
    expect(unchanged.condition).toMatchObject({ status: 'True', reason: 'NoChange' });

    upgradeTo(pkg, { ...HEALTHY, template: V2, previous: V1 });
    const at = after(spec, 60);
    const upgrade = render(pkg, at);
    expect(upgrade.status).toBe(0);
    expect(upgrade.condition).toMatchObject({ status: 'True', reason: 'SloHealthy' });
    expect(upgrade.condition.message).toBe(
      `the upgrade from ${V1} to ${V2} may proceed: ${V1} observed 1m00s ago at ${spec.observedAt}: ` +
        `availability: 80.0% of the error budget left, burn rate ${(0.0002 / BUDGET).toFixed(2)}, no burn alert firing (threshold 25.0%)`,
    );
    rendersTheSameLater(pkg, at);

    // The draft edited again (three replicas), its observation now 20 minutes old: decided afresh, stale.
    upgradeTo(pkg, { ...HEALTHY, template: V2, previous: V1, replicas: 3 });
    const stale = render(pkg, after(spec, 20 * 60));
    expect(stale.condition).toMatchObject({ status: 'False', reason: 'ObservationStale' });
    expect(stale.condition.message).toBe(
      `the upgrade from ${V1} to ${V2} is held: the SLOs were observed 20m00s ago at ${spec.observedAt}, more than the 15m00s allowed; run observe-slos again`,
    );
  });

  it('holds an upgrade while the running version burns its budget, with the numbers; observed beside a rendered draft', async () => {
    const pkg = delivered('burning', BURNING);
    const deliveredCopy = join(root, 'burning-as-delivered');
    cpSync(pkg, deliveredCopy, { recursive: true });
    // The draft is rendered first: a site delivered before and not observed is held.
    upgradeTo(pkg, { ...BURNING, template: V2, previous: V1 });
    const unobserved = render(pkg, new Date(t0 * 1000));
    expect(unobserved.condition).toMatchObject({ status: 'False', reason: 'NoObservation' });
    expect(unobserved.condition.message).toBe(
      `the upgrade from ${V1} to ${V2} is held: the package has no SloObservation; run observe-slos before the render`,
    );
    // observe-slos reads what the site runs from the delivered revision and writes into the draft.
    const spec = await observe(pkg, ['--delivered', deliveredCopy]);
    expect(spec.requests[0].template).toBe(V1);
    const reading = spec.requests[0].slos[0];
    const observedAt = Date.parse(spec.observedAt) / 1000;
    expect(reading.errorBudgetRemaining).toBeCloseTo(budgetFromSamples('site-burning', reading.errorBudgetRemaining!, t0, observedAt), 9);
    expect(reading.firingAlerts).toEqual(['page', 'ticket']);
    const at = after(spec, 120);
    const held = render(pkg, at);
    expect(held.status).toBe(0);
    expect(held.condition).toMatchObject({ status: 'False', reason: 'PageAlertFiring' });
    const left = `${(reading.errorBudgetRemaining! * 100).toFixed(1)}%`;
    expect(left).toBe('-61.3%');
    expect(held.condition.message).toBe(
      `the upgrade from ${V1} to ${V2} is held: ${V1} observed 2m00s ago at ${spec.observedAt}: ` +
        `availability: ${left} of the error budget left, burn rate ${(0.02 / BUDGET).toFixed(2)}, page and ticket alert firing (threshold 25.0%); no earlier version is known to have run healthy`,
    );
    rendersTheSameLater(pkg, at);
    // A version that declares no SLOs does not walk around the gate: the site runs V1, whose page alert fires.
    upgradeTo(pkg, { ...BURNING, template: V2, previous: V1, slos: [] });
    const dropped = render(pkg, at);
    expect(dropped.condition).toMatchObject({ status: 'False', reason: 'PageAlertFiring' });
    expect(dropped.condition.message).toContain(`the upgrade from ${V1} to ${V2} is held: ${V1} observed 2m00s ago`);
  });

  it('names the last good version to roll back to; with rollback on, records it, and is True once that version is rendered', async () => {
    const pkg = delivered('rollback', ROLLBACK);
    // What an earlier observe-slos wrote when the site ran v1.0.0, healthy.
    writeFileSync(
      join(pkg, 'slo-observations.yaml'),
      [
        'apiVersion: focom.nephio.org/v1alpha1',
        'kind: SloObservation',
        'metadata:',
        '  name: slo-observations',
        '  annotations:',
        '    config.kubernetes.io/local-config: "true"',
        'spec:',
        `  observedAt: "${new Date((t0 - 7 * DAY) * 1000).toISOString()}"`,
        '  source: http://prometheus:9090',
        '  requests:',
        '    - {request: site-rollback, namespace: o2ims, template: "5g-ran-du@v1.0.0", slos: [{slo: availability, state: observed, errorBudgetRemaining: 0.9, currentBurnRate: 0.1, firingAlerts: []}]}',
        '  canaries: []',
        '',
      ].join('\n'),
    );
    const spec = await observe(pkg);
    expect(spec.requests[0].previousVersions.map((v) => v.template)).toEqual([V1]);
    const at = after(spec, 60);

    const off = render(pkg, at);
    expect(off.condition).toMatchObject({ status: 'False', reason: 'PageAlertFiring' });
    expect(off.condition.message).toContain(`${V2} burns its error budget`);
    expect(off.condition.message).toContain(`roll back to ${V1}: ${V1} ran healthy when last observed at`);
    rendersTheSameLater(pkg, at);

    writeFileSync(
      join(pkg, 'Kptfile'),
      readFileSync(join(pkg, 'Kptfile'), 'utf8').replace(
        'sloMaxObservationAge: 15m',
        'sloMaxObservationAge: 15m\n        sloRollback: "true"',
      ),
    );
    const pending = render(pkg, at);
    expect(pending.condition).toMatchObject({ status: 'False', reason: 'RollbackPending' });
    expect(pending.condition.message).toContain(`rolled back to ${V1}: ${V2} burns its error budget`);
    expect(pending.annotations['slo.focom.nephio.org/gate.site-rollback']).toContain(`rollbackTo=${V1}; rollbackFrom=${V2}`);
    expect(pending.stderr).toContain(`SLO gate: rolled back to ${V1}`);
    rendersTheSameLater(pkg, at);

    // What expand renders when it honours the rollback on record: v1.0.0 again.
    upgradeTo(pkg, { ...ROLLBACK, template: V1, previous: V2 });
    const rolledBack = render(pkg, at);
    expect(rolledBack.condition).toMatchObject({ status: 'True', reason: 'RolledBack' });
    expect(rolledBack.condition.message).toContain(`rolling back to ${V1}: ${V2} burns its error budget`);
    expect(rolledBack.annotations['slo.focom.nephio.org/gate.site-rollback']).toContain(`target=${V1}`);
    expect(rolledBack.annotations['slo.focom.nephio.org/gate.site-rollback']).toContain(`rollbackTo=${V1}; rollbackFrom=${V2}`);
    rendersTheSameLater(pkg, at);
  });

  it('waits for enough canaries to bake the target version with healthy SLOs', async () => {
    const canaryA = delivered('wave-1-canary-a', CANARY_A);
    const canaryB = delivered('wave-1-canary-b', CANARY_B);
    const wave = (name: string, required: string): string => {
      const pkg = delivered(name, HEALTHY, { sloCanarySites: 'canary-a,canary-b', sloCanaryRequired: required, sloCanaryBakeTime: '1h' });
      return pkg;
    };
    for (const [name, required, expected] of [
      ['wave-2-both', '2', { status: 'False', reason: 'CanariesNotBaked' }],
      ['wave-2-one', '1', { status: 'True', reason: 'SloHealthy' }],
    ] as const) {
      const pkg = wave(name, required);
      const spec = await observe(pkg, ['--canary', canaryA, '--canary', canaryB]);
      expect(spec.canaries.map((c) => [c.request, c.template])).toEqual([
        ['canary-a', V2],
        ['canary-b', V2],
      ]);
      upgradeTo(pkg, { ...HEALTHY, template: V2, previous: V1 });
      const at = after(spec, 60);
      const outcome = render(pkg, at);
      expect(outcome.condition).toMatchObject(expected);
      expect(outcome.condition.message).toContain(`canary-a ready: ran ${V2} for 2d00h`);
      // canary-b's rules were loaded when Prometheus started, moments before it was observed.
      expect(outcome.condition.message).toMatch(new RegExp(`canary-b ran ${V2.replace(/\./g, '\\.')} for (\\d+m\\d\\ds|\\d+s) of 1h00m`));
      rendersTheSameLater(pkg, at);
    }
  });
});
