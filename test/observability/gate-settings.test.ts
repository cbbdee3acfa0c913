/** The SLO gate's settings: defaults, durations, and every problem reported at once with its path. */
import { DEFAULT_GATE_SETTINGS, formatDuration, parseDuration, readGateSettings } from '../../functions/lib/src/observability';

describe('durations', () => {
  it('read as Prometheus writes them', () => {
    expect(parseDuration('15m', 'x')).toEqual({ ok: true, value: 900 });
    expect(parseDuration('1h30m', 'x')).toEqual({ ok: true, value: 5400 });
    expect(parseDuration('2d', 'x')).toEqual({ ok: true, value: 172800 });
    expect(parseDuration('1w', 'x')).toEqual({ ok: true, value: 604800 });
    expect(parseDuration('1500ms', 'x')).toEqual({ ok: true, value: 1.5 });
  });

  it('refuse anything else, naming the setting', () => {
    for (const bad of ['15', '15 m', '-1m', '1.5h', '', 'm'])
      expect(parseDuration(bad, '--timeout')).toEqual({
        ok: false,
        reason: `--timeout must be a duration such as 90s, 15m, 1h30m or 2d; got ${JSON.stringify(bad)}`,
      });
  });

  it('print for people', () => {
    expect([45, 845, 7200, 3 * 86400 + 4 * 3600 + 10].map(formatDuration)).toEqual(['45s', '14m05s', '2h00m', '3d04h']);
  });
});

describe('the gate settings', () => {
  it('default to 15 minutes, 25% and no rollback, without canaries', () => {
    expect(readGateSettings(undefined)).toEqual({ settings: DEFAULT_GATE_SETTINGS, problems: [] });
    expect(DEFAULT_GATE_SETTINGS).toEqual({ maxAgeSeconds: 900, budgetThreshold: 0.25, rollback: false });
  });

  it('read every setting', () => {
    const read = readGateSettings({
      maxObservationAge: '30m',
      budgetThreshold: 40,
      rollback: true,
      canaries: { sites: ['site-a', 'site-b'], bakeTime: '2h' },
    });
    expect(read).toEqual({
      settings: {
        maxAgeSeconds: 1800,
        budgetThreshold: 0.4,
        rollback: true,
        canaries: { sites: ['site-a', 'site-b'], required: 2, bakeSeconds: 7200 },
      },
      problems: [],
    });
  });

  it('report every problem together, each at its path', () => {
    const { problems } = readGateSettings({
      maxObservationAge: 15,
      budgetThreshold: 120,
      rollback: 'yes',
      colour: 'blue',
      canaries: { sites: ['a', 'a'], required: 3, bakeTime: 'soon' },
    });
    expect(problems.map((p) => p.path)).toEqual([
      'sloGate.colour',
      'sloGate.maxObservationAge',
      'sloGate.budgetThreshold',
      'sloGate.rollback',
      'sloGate.canaries.sites',
      'sloGate.canaries.bakeTime',
      'sloGate.canaries.required',
    ]);
    expect(problems[2].message).toBe('sloGate.budgetThreshold must be a percentage from 0 to below 100, got 120');
    expect(readGateSettings({ canaries: { sites: [] } }).problems.map((p) => p.message)).toEqual([
      'sloGate.canaries.sites must be a non-empty list of request names',
      'sloGate.canaries.bakeTime must be set, e.g. 2h',
      'sloGate.canaries.required must be a whole number from 1 to the number of sites (0), got 0',
    ]);
  });
});
