/** The SLO gate's settings: defaults, durations, and every problem reported at once with its path. */
import { type ConfigSpec, KrmItem, readFunctionConfig } from '@focom/krm-runtime';
import {
  DEFAULT_GATE_SETTINGS,
  GATE_CONFIG_DEFAULTS,
  GATE_CONFIG_FIELDS,
  type GateConfig,
  formatDuration,
  gateSettings,
  parseDuration,
  settingsFingerprint,
  validateGateConfig,
} from '.';

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

/** The gate's keys alone, read as a function reads its functionConfig. */
const GATE_ONLY: ConfigSpec<GateConfig> = {
  typedKind: { apiVersion: 'fn.focom.nephio.org/v1alpha1', kind: 'GateOnlyConfig' },
  fields: GATE_CONFIG_FIELDS,
  validate: validateGateConfig,
};

function read(data: Record<string, unknown> | undefined) {
  const item =
    data === undefined ? undefined : KrmItem.fromObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' }, data });
  const config = readFunctionConfig(item, GATE_ONLY);
  return { settings: gateSettings(config.value), problems: config.results.map((r) => `${r.field?.path ?? ''}: ${r.message}`) };
}

describe('the gate settings', () => {
  it('default to 15 minutes, 25% and no rollback, without canaries', () => {
    expect(read(undefined)).toEqual({ settings: DEFAULT_GATE_SETTINGS, problems: [] });
    expect(DEFAULT_GATE_SETTINGS).toEqual({ maxAgeSeconds: 900, budgetThreshold: 0.25, rollback: false });
    expect(gateSettings(GATE_CONFIG_DEFAULTS)).toEqual(DEFAULT_GATE_SETTINGS);
  });

  it("read every key, from a ConfigMap's text", () => {
    expect(
      read({
        sloMaxObservationAge: '30m',
        sloBudgetThreshold: '40',
        sloRollback: 'true',
        sloCanarySites: 'site-a, site-b',
        sloCanaryBakeTime: '2h',
      }),
    ).toEqual({
      settings: {
        maxAgeSeconds: 1800,
        budgetThreshold: 0.4,
        rollback: true,
        canaries: { sites: ['site-a', 'site-b'], required: 2, bakeSeconds: 7200 },
      },
      problems: [],
    });
    expect(read({ sloCanarySites: 'site-a,site-b,site-c', sloCanaryRequired: '2', sloCanaryBakeTime: '90m' }).settings.canaries).toEqual({
      sites: ['site-a', 'site-b', 'site-c'],
      required: 2,
      bakeSeconds: 5400,
    });
  });

  it('report every problem together, each at its key', () => {
    expect(
      read({ sloMaxObservationAge: '15', sloBudgetThreshold: '120', sloRollback: 'yes', sloCanarySites: 'a,a', sloCanaryRequired: '3' })
        .problems,
    ).toEqual([
      'data.sloMaxObservationAge: must be a duration such as 90s, 15m, 1h30m or 2d, got "15"',
      'data.sloBudgetThreshold: must be a percentage from 0 to below 100, such as 25 or 12.5, got "120"',
      'data.sloRollback: must be one of "true", "false", got "yes"',
      'data.sloCanarySites: names a site twice',
      'data.sloCanaryBakeTime: must be set when sloCanarySites is, e.g. 2h: how long a canary must run the target version',
      'data.sloCanaryRequired: must be at most the number of canary sites (2), got 3',
    ]);
    expect(read({ sloCanaryBakeTime: '2h', sloCanaryRequired: '1' }).problems).toEqual([
      'data.sloCanaryBakeTime: is set but sloCanarySites names no canary: set both or neither',
      'data.sloCanaryRequired: is set but sloCanarySites names no canary: set both or neither',
    ]);
  });

  it('say nothing of the canary keys when sloCanarySites itself is invalid (they would be checked against no sites)', () => {
    expect(read({ sloCanarySites: 'Site_A', sloCanaryBakeTime: '2h', sloCanaryRequired: '1' }).problems).toEqual([
      'data.sloCanarySites: must be a comma-separated list of request names, got "Site_A"',
    ]);
    expect(read({ sloCanarySites: 'a', sloCanaryBakeTime: 'soon' }).problems).toEqual([
      'data.sloCanaryBakeTime: must be a duration such as 90s, 15m, 1h30m or 2d, got "soon"',
    ]);
  });

  it('print as one line for the record that keeps a verdict', () => {
    expect(settingsFingerprint(DEFAULT_GATE_SETTINGS)).toBe('age=900s,budget=0.25,rollback=false');
    expect(settingsFingerprint(read({ sloCanarySites: 'a,b', sloCanaryBakeTime: '1h', sloCanaryRequired: '1' }).settings)).toBe(
      'age=900s,budget=0.25,rollback=false,canaries=a+b/1/3600s',
    );
  });
});
