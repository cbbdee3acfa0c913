/**
 * A request's SLO condition as the render decides it: the SLOs read back from its PrometheusRule,
 * feasibility first, the kind of change from the observation's digest, the verdict kept while
 * its inputs stand (however old the observation gets), and a rollback on record.
 */
import {
  DEFAULT_GATE_SETTINGS,
  type GateSettings,
  type RequestGateInput,
  type RequestObservation,
  type SloObservationSpec,
  type SloReading,
  classifyRenderedChange,
  declaredSlos,
  formatGateRecord,
  gateRollback,
  generatedDigest,
  parseGateRecord,
  prometheusRule,
  readGateRecords,
  recordedRollback,
  renderTime,
  requestGate,
  settingsFingerprint,
  slothRuleGroups,
} from '.';

const V1 = '5g-ran-du@v1.0.0';
const V2 = '5g-ran-du@v1.1.0';
const NOW = new Date('2026-05-04T12:00:00Z');
const OBSERVED_AT = '2026-05-04T11:55:00.000Z';

function rule(objective = 99.9, metric = 'du_requests'): Record<string, unknown> {
  const groups = slothRuleGroups(
    {
      name: 'availability',
      objective,
      description: 'DU answers',
      sli: { errorQuery: `sum(rate(${metric}_failed_total[{{.window}}]))`, totalQuery: `sum(rate(${metric}_total[{{.window}}]))` },
    },
    { service: 'edge-5g', labels: { focom_request: 'edge-5g' }, periodDays: 30 },
  );
  return prometheusRule({ name: 'edge-5g', namespace: 'ran', podLabels: { app: 'ran-du' }, selectorLabels: {} }, groups);
}

function deployment(replicas: number, spread = true): Record<string, unknown> {
  const spec = spread ? { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname' }] } : {};
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'ran-du' },
    spec: { replicas, template: { metadata: { labels: { app: 'ran-du' } }, spec } },
  };
}

const POD_MONITOR = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'edge-5g' } };
const OBJECTS = [deployment(2), POD_MONITOR, rule()];

function reading(budget: number, alerts: SloReading['firingAlerts'] = []): SloReading {
  return { slo: 'availability', state: 'observed', errorBudgetRemaining: budget, currentBurnRate: 0.5, firingAlerts: alerts };
}

function observed(entry: Partial<RequestObservation>, observedAt = OBSERVED_AT): SloObservationSpec {
  return {
    observedAt,
    source: 'http://prometheus:9090',
    requests: [{ request: 'edge-5g', namespace: 'o2ims', slos: [reading(0.8)], previousVersions: [], ...entry }],
    canaries: [],
  };
}

function input(partial: Partial<RequestGateInput>, settings: Partial<GateSettings> = {}): RequestGateInput {
  const all = { ...DEFAULT_GATE_SETTINGS, ...settings };
  return {
    request: { name: 'edge-5g', namespace: 'o2ims' },
    objects: OBJECTS,
    target: V2,
    digest: 'sha256:new',
    deliveredBefore: true,
    settings: all,
    settingsKey: settingsFingerprint(all),
    now: NOW,
    ...partial,
  };
}

describe('the SLOs a request declares, read back from its PrometheusRule', () => {
  it('has the name, the objective and the 5-minute SLI of each SLO', () => {
    expect(declaredSlos([deployment(2), rule(99.5)])).toEqual([
      {
        name: 'availability',
        objective: 99.5,
        description: 'availability',
        sli: { errorQuery: '(sum(rate(du_requests_failed_total[5m])))\n/\n(sum(rate(du_requests_total[5m])))\n', totalQuery: '' },
      },
    ]);
    expect(declaredSlos([deployment(2)])).toEqual([]);
  });
});

describe('the digest of what a site receives', () => {
  const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { a: 'b' } }, data: { x: '1' } };
  it('ignores key order and the annotations kpt adds in flight, and sees every value and path', () => {
    const inFlight = {
      ...object,
      metadata: { annotations: { 'config.kubernetes.io/index': '0', 'internal.config.kubernetes.io/path': 'x', a: 'b' }, name: 'c' },
    };
    const digest = generatedDigest([{ path: 'generated/o2ims/edge-5g/configmap_c.yaml', object }]);
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(generatedDigest([{ path: 'generated/o2ims/edge-5g/configmap_c.yaml', object: inFlight }])).toBe(digest);
    expect(generatedDigest([{ path: 'generated/o2ims/edge-5g/configmap_d.yaml', object }])).not.toBe(digest);
    expect(generatedDigest([{ path: 'generated/o2ims/edge-5g/configmap_c.yaml', object: { ...object, data: { x: '2' } } }])).not.toBe(
      digest,
    );
  });
});

describe('the kind of change a render makes', () => {
  const rendered = { target: V2, digest: 'sha256:new', deliveredBefore: true };
  it('compares what observe-slos saw delivered with what the render produces', () => {
    const entry = (template: string | undefined, digest?: string): RequestObservation => ({
      request: 'edge-5g',
      namespace: 'o2ims',
      ...(template ? { template } : {}),
      ...(digest ? { digest } : {}),
      slos: [],
      previousVersions: [],
    });
    expect(classifyRenderedChange(entry(V2, 'sha256:new'), rendered)).toEqual({ kind: 'no-change', running: V2, target: V2 });
    expect(classifyRenderedChange(entry(V1, 'sha256:old'), rendered)).toEqual({ kind: 'template-upgrade', running: V1, target: V2 });
    expect(classifyRenderedChange(entry(V2, 'sha256:old'), rendered)).toEqual({ kind: 'new-parameters', running: V2, target: V2 });
    expect(classifyRenderedChange(entry(V2), rendered).kind).toBe('new-parameters');
    expect(classifyRenderedChange(entry(undefined), rendered)).toEqual({ kind: 'first-deployment', target: V2 });
  });

  it('without an observation: a first deployment, unless the request was delivered before', () => {
    expect(classifyRenderedChange(undefined, { ...rendered, deliveredBefore: false })).toEqual({ kind: 'first-deployment', target: V2 });
    expect(classifyRenderedChange(undefined, { ...rendered, previousTemplate: V1 })).toEqual({
      kind: 'template-upgrade',
      running: V1,
      target: V2,
    });
    expect(classifyRenderedChange(undefined, rendered)).toEqual({ kind: 'new-parameters', running: V2, target: V2 });
  });

  it('without an observation, a draft rendered again after a first deployment of the same version is still one', () => {
    expect(classifyRenderedChange(undefined, { ...rendered, firstDeploymentOf: V2 })).toEqual({ kind: 'first-deployment', target: V2 });
    expect(classifyRenderedChange(undefined, { ...rendered, firstDeploymentOf: V1, previousTemplate: V1 })).toEqual({
      kind: 'template-upgrade',
      running: V1,
      target: V2,
    });
    // An observation entry decides, whatever the last verdict was.
    const observed: RequestObservation = {
      request: 'edge-5g',
      namespace: 'o2ims',
      template: V2,
      digest: 'sha256:old',
      slos: [],
      previousVersions: [],
    };
    expect(classifyRenderedChange(observed, { ...rendered, firstDeploymentOf: V2 }).kind).toBe('new-parameters');
  });
});

describe("a request's SLO condition", () => {
  it('is True NoSlosDeclared without SLOs, and keeps no record', () => {
    expect(requestGate(input({ objects: [deployment(1)] }))).toEqual({
      condition: { status: 'True', reason: 'NoSlosDeclared', message: 'no generated PrometheusRule declares an SLO: nothing to gate' },
      problems: [],
      kept: false,
    });
  });

  it('judges a change to a running site by the SLOs the site runs, even when the target declares none', () => {
    const burning = observed({ template: V1, digest: 'sha256:old', slos: [reading(0.1, ['page'])] });
    const dropped = requestGate(input({ objects: [deployment(2)], observation: burning }));
    expect(dropped.condition).toMatchObject({ status: 'False', reason: 'PageAlertFiring' });
    expect(dropped.condition.message).toContain(`the upgrade from ${V1} to ${V2} is held: ${V1}`);
    expect(dropped.record).toMatchObject({ target: V2, digest: 'sha256:new' });
    // The same version with other parameters is held alike.
    const parameters = requestGate(input({ objects: [deployment(2)], target: V1, observation: burning }));
    expect(parameters.condition).toMatchObject({ status: 'False', reason: 'PageAlertFiring' });
    // Dropping the SLOs of a healthy site is let through, on a fresh observation only.
    const healthy = requestGate(input({ objects: [deployment(2)], observation: observed({ template: V1, digest: 'sha256:old' }) }));
    expect(healthy.condition).toMatchObject({ status: 'True', reason: 'SloHealthy' });
    const stale = observed({ template: V1, digest: 'sha256:old' }, '2026-05-04T10:00:00.000Z');
    expect(requestGate(input({ objects: [deployment(2)], observation: stale })).condition).toMatchObject({
      status: 'False',
      reason: 'ObservationStale',
    });
  });

  it('holds dropping the SLOs of a site gated before until it is observed, and opens once it runs none', () => {
    const first = requestGate(input({ deliveredBefore: false }));
    const previous = { record: first.record!, condition: first.condition };
    const other = { ...observed({}), requests: [] };
    expect(requestGate(input({ objects: [deployment(2)], previous, observation: other })).condition).toMatchObject({
      status: 'False',
      reason: 'NoObservation',
    });
    // Observed running the version without SLOs, no gate on record: nothing to gate.
    const none = observed({ template: V2, digest: 'sha256:new', slos: [] });
    expect(requestGate(input({ objects: [deployment(2)], digest: 'sha256:newer', observation: none })).condition).toMatchObject({
      status: 'True',
      reason: 'NoSlosDeclared',
    });
  });

  it('is False SloInfeasible when the workload cannot hold the objective, saying what to change', () => {
    const outcome = requestGate(input({ objects: [deployment(1), POD_MONITOR, rule()], deliveredBefore: false }));
    expect(outcome.condition).toEqual({
      status: 'False',
      reason: 'SloInfeasible',
      message: `an SLO cannot hold on what ${V2} renders: SLO availability (objective 99.9%) cannot hold with 1 replica of Deployment ran-du: set replicas to 2 or more, or lower the objective below 99.9%`,
    });
  });

  it('stays True when an SLI is not scraped, and says so', () => {
    const outcome = requestGate(input({ objects: [deployment(2), rule()], deliveredBefore: false }));
    expect(outcome.condition.status).toBe('True');
    expect(outcome.condition.reason).toBe('FirstDeployment');
    expect(outcome.condition.message).toContain(
      'suspect: SLO availability reads du_requests_failed_total, du_requests_total, which no generated PodMonitor or ServiceMonitor scrapes',
    );
    expect(outcome.problems.map((p) => p.reason)).toEqual(['SliNotScraped']);
  });

  it('gates an upgrade on the observation, and records what it decided from', () => {
    const outcome = requestGate(input({ observation: observed({ template: V1, digest: 'sha256:old' }) }));
    expect(outcome.condition).toMatchObject({ status: 'True', reason: 'SloHealthy' });
    expect(outcome.record).toEqual({
      observedAt: OBSERVED_AT,
      target: V2,
      digest: 'sha256:new',
      settings: 'age=900s,budget=0.25,rollback=false',
    });
  });

  it('keeps the verdict word for word while its inputs stand, even after the observation aged', () => {
    const first = requestGate(input({ observation: observed({ template: V1, digest: 'sha256:old' }) }));
    const later = new Date(NOW.getTime() + 3600_000);
    const again = requestGate(
      input({
        observation: observed({ template: V1, digest: 'sha256:old' }),
        now: later,
        previous: { record: first.record!, condition: first.condition },
      }),
    );
    expect(again).toMatchObject({ condition: first.condition, record: first.record, kept: true });
    // Another digest (the draft changed): decided afresh, and now the observation is stale.
    const changed = requestGate(
      input({
        observation: observed({ template: V1, digest: 'sha256:old' }),
        digest: 'sha256:newer',
        now: later,
        previous: { record: first.record!, condition: first.condition },
      }),
    );
    expect(changed).toMatchObject({ condition: { status: 'False', reason: 'ObservationStale' }, kept: false });
  });

  it('holds an upgrade of a site delivered before but never observed', () => {
    expect(requestGate(input({})).condition).toMatchObject({ status: 'False', reason: 'NoObservation' });
  });

  it('keeps a first deployment one while the draft is rendered again, until the package holds an observation', () => {
    const first = requestGate(input({ deliveredBefore: false }));
    expect(first.condition).toMatchObject({ status: 'True', reason: 'FirstDeployment' });
    const previous = { record: first.record!, condition: first.condition };
    // Edited (another digest), same version, no observation in the package: still the first deployment.
    expect(requestGate(input({ digest: 'sha256:edited', previous })).condition).toMatchObject({ reason: 'FirstDeployment' });
    // Another version: held.
    expect(requestGate(input({ target: V1, digest: 'sha256:edited', previous })).condition).toMatchObject({ reason: 'NoObservation' });
    // The package is observed, but not this request: held until observe-slos has seen it.
    const other = { ...observed({}), requests: [] };
    expect(requestGate(input({ digest: 'sha256:edited', previous, observation: other })).condition).toMatchObject({
      status: 'False',
      reason: 'NoObservation',
    });
  });

  it('records a rollback it cannot render itself, and is True once the render produces that version', () => {
    const history = {
      template: V2,
      digest: 'sha256:v2',
      slos: [reading(0.1, ['page'])],
      previousVersions: [{ template: V1, observedAt: '2026-05-01T00:00:00.000Z', slos: [reading(0.9)] }],
    };
    const pending = requestGate(input({ observation: observed(history), digest: 'sha256:v2' }, { rollback: true }));
    expect(pending.condition).toMatchObject({ status: 'False', reason: 'RollbackPending' });
    expect(pending.condition.message).toContain(`rolled back to ${V1}: ${V2} burns its error budget`);
    expect(pending.record).toMatchObject({ rollbackTo: V1, rollbackFrom: V2 });
    const rendered = requestGate(
      input(
        {
          observation: observed(history),
          target: V1,
          digest: 'sha256:v1',
          previous: { record: pending.record!, condition: pending.condition },
        },
        { rollback: true },
      ),
    );
    expect(rendered.condition).toMatchObject({ status: 'True', reason: 'RolledBack' });
    expect(rendered.record).toMatchObject({ target: V1, rollbackTo: V1, rollbackFrom: V2 });
    // Delivered and observed again, v1.0.0 running healthy: no change, and the rollback stands.
    const settled = requestGate(
      input(
        {
          observation: observed(
            {
              template: V1,
              digest: 'sha256:v1',
              slos: [reading(0.9)],
              previousVersions: [{ template: V2, observedAt: OBSERVED_AT, slos: [reading(0.1, ['page'])] }],
            },
            '2026-05-05T11:55:00.000Z',
          ),
          target: V1,
          digest: 'sha256:v1',
          now: new Date('2026-05-05T12:00:00Z'),
          previous: { record: rendered.record!, condition: rendered.condition },
        },
        { rollback: true },
      ),
    );
    expect(settled.condition).toMatchObject({ status: 'True', reason: 'NoChange' });
    expect(settled.record).toMatchObject({ rollbackTo: V1, rollbackFrom: V2 });
    // Rollback off: False, naming the version.
    const off = requestGate(input({ observation: observed(history), digest: 'sha256:v2' }));
    expect(off.condition).toMatchObject({ status: 'False', reason: 'PageAlertFiring' });
    expect(off.condition.message).toContain(`roll back to ${V1}`);
    // What expand is to render, in the render that decides it, and from the record afterwards.
    const at = { request: { name: 'edge-5g', namespace: 'o2ims' }, observation: observed(history), now: NOW };
    expect(gateRollback({ ...at, resolved: V2, settings: { ...DEFAULT_GATE_SETTINGS, rollback: true } })).toBe(V1);
    expect(gateRollback({ ...at, resolved: V2, settings: DEFAULT_GATE_SETTINGS })).toBeUndefined();
    const kptfile = { metadata: { annotations: { 'slo.focom.nephio.org/gate.edge-5g': formatGateRecord(rendered.record!) } } };
    expect(recordedRollback(kptfile, 'edge-5g', V2)).toBe(V1);
    expect(recordedRollback(kptfile, 'edge-5g', '5g-ran-du@v1.2.0')).toBeUndefined();
  });

  it('holds a new upgrade to a version that burned on this site before', () => {
    const history = {
      template: V1,
      digest: 'sha256:v1',
      slos: [reading(0.9)],
      previousVersions: [{ template: V2, observedAt: '2026-05-01T00:00:00.000Z', slos: [reading(0.1, ['page'])] }],
    };
    const outcome = requestGate(input({ observation: observed(history) }));
    expect(outcome.condition).toMatchObject({ status: 'False', reason: 'TargetBurnedBefore' });
    expect(outcome.condition.message).toContain(`${V2} burned its error budget when this site last ran it`);
  });
});

describe('the record in the Kptfile', () => {
  it('reads back what it wrote, and ignores what it cannot read', () => {
    const record = { observedAt: OBSERVED_AT, target: V2, digest: 'sha256:x', settings: 'age=900s', rollbackTo: V1, rollbackFrom: V2 };
    expect(parseGateRecord(formatGateRecord(record))).toEqual(record);
    expect(parseGateRecord('nonsense')).toBeUndefined();
    expect(
      readGateRecords({
        metadata: {
          annotations: { 'slo.focom.nephio.org/gate.a': formatGateRecord(record), 'slo.focom.nephio.org/gate.b': 'x', other: 'y' },
        },
      }),
    ).toEqual(new Map([['a', record]]));
  });
});

describe('the render time', () => {
  it('is FOCOM_RENDER_TIME when set, now otherwise, and a bad value is a problem', () => {
    expect(renderTime({ FOCOM_RENDER_TIME: '2026-05-04T12:00:00Z' })).toEqual({ ok: true, value: NOW });
    expect(renderTime({}, () => 42)).toEqual({ ok: true, value: new Date(42) });
    expect(renderTime({ FOCOM_RENDER_TIME: 'noon' })).toEqual({
      ok: false,
      reason: 'FOCOM_RENDER_TIME must be an RFC 3339 time such as 2026-05-04T10:15:00Z, got "noon"',
    });
  });
});
