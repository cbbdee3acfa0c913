/**
 * The SLO gate's every branch, from observations written by hand: first deployment, no change,
 * healthy upgrade, burning upgrade held, stale or missing observation, no data, a page alert,
 * rollback on and off, and a canary wave not baked yet, baked and healthy, or unhealthy.
 */
import {
  type CanaryObservation,
  DEFAULT_GATE_SETTINGS,
  type GateInput,
  type GateSettings,
  type RequestObservation,
  type SloObservationSpec,
  type SloReading,
  classifyChange,
  sloGate,
} from '.';

const NOW = new Date('2026-05-04T12:00:00Z');
const V1 = '5g-ran-du@v1.0.0';
const V2 = '5g-ran-du@v1.1.0';
const V3 = '5g-ran-du@v1.2.0';

function reading(slo: string, budget: number, burn = 0.5, alerts: SloReading['firingAlerts'] = []): SloReading {
  return { slo, state: 'observed', errorBudgetRemaining: budget, currentBurnRate: burn, firingAlerts: alerts };
}

const HEALTHY = [reading('availability', 0.8, 0.2), reading('f1-setup-success', 0.62, 0.9)];
const BURNING = [reading('availability', 0.8, 0.2), reading('f1-setup-success', 0.12, 4.2, ['ticket'])];

function site(slos: SloReading[], template = V1, previousVersions: RequestObservation['previousVersions'] = []): RequestObservation {
  return { request: 'edge-5g', namespace: 'o2ims', template, slos, previousVersions };
}

function observation(
  request: RequestObservation | undefined,
  observedAt = '2026-05-04T11:55:00.000Z',
  canaries: CanaryObservation[] = [],
): SloObservationSpec {
  return { observedAt, source: 'http://prometheus:9090', requests: request ? [request] : [], canaries };
}

function gate(
  partial: Partial<GateInput> & Pick<GateInput, 'observation'>,
  settings: Partial<GateSettings> = {},
): ReturnType<typeof sloGate> {
  return sloGate({
    request: { name: 'edge-5g', namespace: 'o2ims' },
    change: { kind: 'template-upgrade', running: V1, target: V2 },
    now: NOW,
    ...partial,
    settings: { ...DEFAULT_GATE_SETTINGS, ...settings },
  });
}

describe('the kind of change', () => {
  it('is a first deployment, an upgrade, new parameters or no change', () => {
    expect(classifyChange(undefined, V1, false)).toBe('first-deployment');
    expect(classifyChange(V1, V2, false)).toBe('template-upgrade');
    expect(classifyChange(V1, V1, true)).toBe('new-parameters');
    expect(classifyChange(V1, V1, false)).toBe('no-change');
  });
});

describe('the SLO gate', () => {
  it('lets a first deployment through without any observation (feasibility is checked elsewhere)', () => {
    expect(gate({ change: { kind: 'first-deployment', target: V1 }, observation: undefined })).toEqual({
      status: 'True',
      reason: 'FirstDeployment',
      message: `first deployment of ${V1}: only the feasibility of its SLOs is checked`,
    });
  });

  it('opens for a healthy upgrade, with the age, every budget and the threshold in the message', () => {
    const verdict = gate({ observation: observation(site(HEALTHY)) });
    expect(verdict).toEqual({
      status: 'True',
      reason: 'SloHealthy',
      message:
        `the upgrade from ${V1} to ${V2} may proceed: ${V1} observed 5m00s ago at 2026-05-04T11:55:00.000Z: ` +
        'availability: 80.0% of the error budget left, burn rate 0.20, no burn alert firing; ' +
        'f1-setup-success: 62.0% of the error budget left, burn rate 0.90, no burn alert firing (threshold 25.0%)',
    });
  });

  it('opens for new parameters on a healthy site', () => {
    const verdict = gate({ change: { kind: 'new-parameters', running: V1, target: V1 }, observation: observation(site(HEALTHY)) });
    expect(verdict).toMatchObject({
      status: 'True',
      reason: 'SloHealthy',
      message: expect.stringMatching(/^the new parameters for/) as unknown,
    });
  });

  it('says the new parameters are held, and wait for their canaries (the plural agrees)', () => {
    const change = { kind: 'new-parameters', running: V1, target: V1 } as const;
    expect(gate({ change, observation: observation(site(BURNING)) }).message).toMatch(/^the new parameters for \S+ are held: /);
    expect(gate({ change, observation: undefined }).message).toMatch(
      /^the new parameters for \S+ are held: the package has no SloObservation/,
    );
    const waiting = gate(
      { change, observation: observation(site(HEALTHY)) },
      { canaries: { sites: ['canary-a'], required: 1, bakeSeconds: 3600 } },
    ).message;
    expect(waiting).toMatch(/^the new parameters for \S+ wait for their canaries: /);
    expect(gate({ observation: observation(site(BURNING)) }).message).toMatch(/^the upgrade from \S+ to \S+ is held: /);
  });

  it('holds an upgrade while an SLO has less budget left than the threshold, naming it and the ticket alert', () => {
    const verdict = gate({ observation: observation(site(BURNING)) });
    expect(verdict.status).toBe('False');
    expect(verdict.reason).toBe('BudgetBelowThreshold');
    expect(verdict.message).toContain('f1-setup-success: 12.0% of the error budget left, burn rate 4.20, ticket alert firing');
    expect(verdict.message).toContain('(threshold 25.0%)');
    expect(verdict.message).toContain('no earlier version is known to have run healthy');
    expect(verdict.rollbackTo).toBeUndefined();
  });

  it('holds at exactly the threshold: the budget left must be above it', () => {
    expect(gate({ observation: observation(site([reading('availability', 0.25)])) }).reason).toBe('BudgetBelowThreshold');
    expect(gate({ observation: observation(site([reading('availability', 0.2501)])) }).status).toBe('True');
  });

  it('follows a configured threshold', () => {
    expect(gate({ observation: observation(site(HEALTHY)) }, { budgetThreshold: 0.7 })).toMatchObject({
      status: 'False',
      reason: 'BudgetBelowThreshold',
      message: expect.stringContaining('(threshold 70.0%)') as unknown,
    });
  });

  it('holds while a page alert fires, even with budget left', () => {
    const verdict = gate({ observation: observation(site([reading('availability', 0.9, 20, ['page', 'ticket'])])) });
    expect(verdict).toMatchObject({
      status: 'False',
      reason: 'PageAlertFiring',
      message: expect.stringContaining(
        'availability: 90.0% of the error budget left, burn rate 20.00, page and ticket alert firing',
      ) as unknown,
    });
  });

  it('holds on a stale observation, giving its age and the maximum', () => {
    const verdict = gate({ observation: observation(site(HEALTHY), '2026-05-04T11:38:30.000Z') });
    expect(verdict).toEqual({
      status: 'False',
      reason: 'ObservationStale',
      message: `the upgrade from ${V1} to ${V2} is held: the SLOs were observed 21m30s ago at 2026-05-04T11:38:30.000Z, more than the 15m00s allowed; run observe-slos again`,
    });
    expect(gate({ observation: observation(site(HEALTHY), '2026-05-04T11:38:30.000Z') }, { maxAgeSeconds: 3600 }).status).toBe('True');
  });

  it('holds on an observation from the future beyond a minute of clock skew', () => {
    expect(gate({ observation: observation(site(HEALTHY), '2026-05-04T12:00:30.000Z') }).status).toBe('True');
    expect(gate({ observation: observation(site(HEALTHY), '2026-05-04T12:10:00.000Z') })).toMatchObject({
      status: 'False',
      reason: 'ObservationStale',
      message: expect.stringContaining('10m00s after now') as unknown,
    });
  });

  it('holds without an observation, or without this request in it', () => {
    expect(gate({ observation: undefined })).toMatchObject({
      status: 'False',
      reason: 'NoObservation',
      message: expect.stringContaining('run observe-slos before the render') as unknown,
    });
    expect(gate({ observation: observation(undefined) })).toMatchObject({ status: 'False', reason: 'NoObservation' });
  });

  it('holds when the observation saw another version than the package delivered', () => {
    expect(gate({ observation: observation(site(HEALTHY, V3)) })).toMatchObject({
      status: 'False',
      reason: 'ObservationOfOtherVersion',
      message: expect.stringContaining(`saw ${V3}, but the package delivered ${V1}`) as unknown,
    });
  });

  it('holds when an SLO has no data, naming it', () => {
    const verdict = gate({
      observation: observation(site([reading('availability', 0.9), { slo: 'f1-setup-success', state: 'no-data', firingAlerts: [] }])),
    });
    expect(verdict).toMatchObject({
      status: 'False',
      reason: 'NoData',
      message: expect.stringContaining('f1-setup-success: no data in Prometheus') as unknown,
    });
  });

  it('lets an upgrade of a site without SLOs through, saying so', () => {
    expect(gate({ observation: observation(site([])) })).toMatchObject({ status: 'True', reason: 'NoSlosDeclared' });
  });

  describe('rollback to the last good version', () => {
    const history = [
      { template: V1, observedAt: '2026-05-01T10:00:00.000Z', slos: HEALTHY },
      { template: V3, observedAt: '2026-05-02T10:00:00.000Z', slos: BURNING },
    ];
    const burningV2 = site(BURNING, V2, history);
    const noChange = { kind: 'no-change' as const, running: V2, target: V2 };

    it('off (the default): False, naming the version to roll back to and how it ran', () => {
      const verdict = gate({ change: noChange, observation: observation(burningV2) });
      expect(verdict.status).toBe('False');
      expect(verdict.reason).toBe('BudgetBelowThreshold');
      expect(verdict.rollbackTo).toBeUndefined();
      expect(verdict.message).toContain(`${V2} burns its error budget`);
      expect(verdict.message).toContain(`roll back to ${V1}: ${V1} ran healthy when last observed at 2026-05-01T10:00:00.000Z`);
      expect(verdict.message).toContain('Set rollback: true');
    });

    it('on: True, and the render is told to render the last good version again', () => {
      const verdict = gate({ change: noChange, observation: observation(burningV2) }, { rollback: true });
      expect(verdict).toMatchObject({ status: 'True', reason: 'RolledBack', rollbackTo: V1 });
      expect(verdict.message).toMatch(new RegExp(`^rolled back to ${V1}: ${V2} burns its error budget`));
    });

    it('on, during an upgrade: renders the last good version instead of the target', () => {
      const verdict = gate(
        { change: { kind: 'template-upgrade', running: V2, target: V3 }, observation: observation(burningV2) },
        { rollback: true },
      );
      expect(verdict).toMatchObject({ status: 'True', reason: 'RolledBack', rollbackTo: V1 });
      expect(verdict.message).toContain(`rolled back to ${V1} instead of ${V3}`);
    });

    it('lets a change back to a version that ran healthy through, rollback on or off', () => {
      const back = { kind: 'template-upgrade' as const, running: V2, target: V1 };
      for (const rollback of [false, true]) {
        const verdict = gate({ change: back, observation: observation(burningV2) }, { rollback });
        expect(verdict).toMatchObject({ status: 'True', reason: 'RolledBack' });
        expect(verdict.rollbackTo).toBeUndefined();
        expect(verdict.message).toMatch(new RegExp(`^rolling back to ${V1}: ${V2} burns its error budget`));
      }
      // Not to a version that burned when last seen.
      expect(gate({ change: { ...back, target: V3 }, observation: observation(burningV2) }).status).toBe('False');
    });

    it('skips versions that burned when last seen, and the running one', () => {
      const onlyBad = site(BURNING, V2, [history[1], { template: V2, observedAt: '2026-05-03T10:00:00.000Z', slos: HEALTHY }]);
      const verdict = gate({ change: noChange, observation: observation(onlyBad) }, { rollback: true });
      expect(verdict).toMatchObject({ status: 'True', reason: 'NoChange' });
      expect(verdict.rollbackTo).toBeUndefined();
    });

    it('never acts on a stale observation', () => {
      const verdict = gate({ change: noChange, observation: observation(burningV2, '2026-05-04T10:00:00.000Z') }, { rollback: true });
      expect(verdict).toMatchObject({ status: 'True', reason: 'NoChange' });
      expect(verdict.rollbackTo).toBeUndefined();
    });

    it('a healthy site with no change is simply True', () => {
      expect(gate({ change: { kind: 'no-change', running: V1, target: V1 }, observation: observation(site(HEALTHY)) })).toMatchObject({
        status: 'True',
        reason: 'NoChange',
      });
    });
  });

  describe('a canary wave', () => {
    const canaries = { sites: ['canary-a', 'canary-b'], required: 2, bakeSeconds: 2 * 3600 };
    function canary(request: string, template: string, runningSince: string | undefined, slos = HEALTHY): CanaryObservation {
      const entry: CanaryObservation = { package: `${request}-pkg`, request, namespace: 'o2ims', template, slos };
      if (runningSince) entry.runningSince = runningSince;
      return entry;
    }
    const at = (entries: CanaryObservation[]): SloObservationSpec => observation(site(HEALTHY), '2026-05-04T11:55:00.000Z', entries);

    it('holds while a canary has not run the target version for the bake time', () => {
      const verdict = gate(
        { observation: at([canary('canary-a', V2, '2026-05-02T11:55:00.000Z'), canary('canary-b', V2, '2026-05-04T11:15:00.000Z')]) },
        { canaries },
      );
      expect(verdict.status).toBe('False');
      expect(verdict.reason).toBe('CanariesNotBaked');
      expect(verdict.message).toContain(`1 of 2 required canaries ran ${V2} for 2h00m with healthy SLOs`);
      expect(verdict.message).toContain('canary-a ready: ran 5g-ran-du@v1.1.0 for 2d00h');
      expect(verdict.message).toContain(`canary-b ran ${V2} for 40m00s of 2h00m (since 2026-05-04T11:15:00.000Z)`);
    });

    it('opens once enough canaries baked the target version with healthy SLOs', () => {
      const entries = [canary('canary-a', V2, '2026-05-02T11:55:00.000Z'), canary('canary-b', V2, '2026-05-04T11:15:00.000Z')];
      expect(gate({ observation: at(entries) }, { canaries: { ...canaries, required: 1 } })).toMatchObject({
        status: 'True',
        reason: 'SloHealthy',
        message: expect.stringContaining('canaries: 1 of 1 required canaries ran') as unknown,
      });
      const baked = [canary('canary-a', V2, '2026-05-02T11:55:00.000Z'), canary('canary-b', V2, '2026-05-04T09:55:00.000Z')];
      expect(gate({ observation: at(baked) }, { canaries }).status).toBe('True');
    });

    it('names a canary by its package where every site has the same request (a PackageVariantSet fleet)', () => {
      const fleet = (pkg: string, runningSince: string): CanaryObservation => ({
        ...canary('edge-5g-deployment', V2, runningSince),
        package: pkg,
      });
      const bySite = { sites: ['site-a', 'site-b'], required: 2, bakeSeconds: 2 * 3600 };
      const baked = at([fleet('site-a', '2026-05-02T11:55:00.000Z'), fleet('site-b', '2026-05-04T09:55:00.000Z')]);
      expect(gate({ observation: baked }, { canaries: bySite }).status).toBe('True');
      const verdict = gate(
        { observation: at([fleet('site-a', '2026-05-02T11:55:00.000Z'), fleet('site-b', '2026-05-04T11:15:00.000Z')]) },
        { canaries: bySite },
      );
      expect([verdict.status, verdict.reason]).toEqual(['False', 'CanariesNotBaked']);
      expect(verdict.message).toContain(`site-b ran ${V2} for 40m00s of 2h00m`);
    });

    it('names a canary package ready only when every request in it is, and prefers a request of that name', () => {
      const inPackage = (request: string, runningSince: string): CanaryObservation => ({
        ...canary(request, V2, runningSince),
        package: 'site-a',
      });
      const bySite = { sites: ['site-a'], required: 1, bakeSeconds: 2 * 3600 };
      const halfBaked = at([inPackage('du', '2026-05-02T11:55:00.000Z'), inPackage('upf', '2026-05-04T11:15:00.000Z')]);
      const verdict = gate({ observation: halfBaked }, { canaries: bySite });
      expect([verdict.status, verdict.reason]).toEqual(['False', 'CanariesNotBaked']);
      expect(verdict.message).toContain('site-a (request upf) ran');
      // A request named site-a is the site, whatever package is also called so.
      const named = at([
        inPackage('du', '2026-05-04T11:15:00.000Z'),
        { ...canary('site-a', V2, '2026-05-02T11:55:00.000Z'), package: 'other' },
      ]);
      expect(gate({ observation: named }, { canaries: bySite }).status).toBe('True');
    });

    it('holds when a canary on the target version burns, saying which', () => {
      const verdict = gate(
        {
          observation: at([
            canary('canary-a', V2, '2026-05-02T11:55:00.000Z'),
            canary('canary-b', V2, '2026-05-02T11:55:00.000Z', BURNING),
          ]),
        },
        { canaries },
      );
      expect(verdict).toMatchObject({ status: 'False', reason: 'CanariesUnhealthy' });
      expect(verdict.message).toContain('canary-b is unhealthy after 2d00h on 5g-ran-du@v1.1.0: ');
    });

    it('does not count a canary on another version, one not observed, or one without SLO rules loaded', () => {
      const verdict = gate(
        { observation: at([canary('canary-a', V1, '2026-05-01T00:00:00.000Z'), canary('canary-c', V2, undefined)]) },
        { canaries },
      );
      expect(verdict.reason).toBe('CanariesNotBaked');
      expect(verdict.message).toContain(`canary-a runs ${V1}, not ${V2}`);
      expect(verdict.message).toContain('canary-b not observed (pass its package to observe-slos with --canary)');
      const noRules = gate({ observation: at([canary('canary-a', V2, undefined), canary('canary-b', V2, undefined)]) }, { canaries });
      expect(noRules.message).toContain(`canary-a runs ${V2} but Prometheus holds no SLO rules of it yet`);
    });

    it('does not gate a first deployment on canaries', () => {
      expect(gate({ change: { kind: 'first-deployment', target: V2 }, observation: undefined }, { canaries }).status).toBe('True');
    });
  });
});
