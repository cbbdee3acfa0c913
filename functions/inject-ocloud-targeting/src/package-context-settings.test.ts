import { KrmItem, readFunctionConfig } from '@focom/krm-runtime';
import { INJECT_CONFIG } from './config';
import { withPackageContextSettings } from './package-context-settings';

const defaults = readFunctionConfig(undefined, INJECT_CONFIG).value;
const context = (data: Record<string, unknown>): KrmItem =>
  KrmItem.fromObject({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kptfile.kpt.dev', annotations: { 'config.kubernetes.io/local-config': 'true' } },
    data: { name: 'site-c', ...data },
  });

describe("a wave's canary settings from the package context", () => {
  it('takes the canary keys a PackageVariantSet wrote into the package context', () => {
    const out = withPackageContextSettings(
      [context({ sloCanarySites: 'site-a,site-b', sloCanaryRequired: '1', sloCanaryBakeTime: '1h' })],
      defaults,
    );
    expect(out.results).toEqual([]);
    expect(out.settings).toEqual({ ...defaults, sloCanarySites: 'site-a,site-b', sloCanaryRequired: '1', sloCanaryBakeTime: '1h' });
  });

  it('leaves the settings alone without a package context, or one without the keys', () => {
    expect(withPackageContextSettings([], defaults)).toEqual({ settings: defaults, results: [] });
    // The functionConfig's own problem (sites without a bake time) is readFunctionConfig's to report, not the package context's.
    const unbaked = { ...defaults, sloCanarySites: 'site-a' };
    expect(withPackageContextSettings([context({})], unbaked)).toEqual({ settings: unbaked, results: [] });
    expect(withPackageContextSettings([context({ delivery: 'none', sloRollback: 'true' })], defaults)).toEqual({
      settings: defaults,
      results: [],
    });
  });

  it('accepts the same value in both places, refuses two different ones, naming the object and field', () => {
    const configured = { ...defaults, sloCanarySites: 'site-a', sloCanaryBakeTime: '2h' };
    expect(withPackageContextSettings([context({ sloCanarySites: 'site-a' })], configured).results).toEqual([]);
    const out = withPackageContextSettings([context({ sloCanarySites: 'site-b' })], configured);
    expect(out.settings).toBe(configured);
    expect(out.results).toEqual([
      expect.objectContaining({
        severity: 'error',
        message:
          'the package context (ConfigMap kptfile.kpt.dev) data.sloCanarySites is "site-b" but the functionConfig sets sloCanarySites to "site-a": set it in one place',
        resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'kptfile.kpt.dev' },
        field: { path: 'data.sloCanarySites', currentValue: 'site-b' },
      }),
    ]);
  });

  it('reports a value its field refuses, and keys that do not go together, keeping the functionConfig settings', () => {
    const badTime = withPackageContextSettings([context({ sloCanarySites: 'site-a', sloCanaryBakeTime: 'soon' })], defaults);
    expect(badTime.settings).toBe(defaults);
    expect(badTime.results.map((r) => [r.severity, r.field?.path, r.message])).toEqual([
      ['error', 'data.sloCanaryBakeTime', expect.stringContaining('data.sloCanaryBakeTime must be') as unknown],
    ]);
    expect(badTime.results[0].message).toContain('got "soon"');
    const noBake = withPackageContextSettings([context({ sloCanarySites: 'site-a' })], defaults);
    expect(noBake.results.map((r) => [r.field?.path, r.message])).toEqual([
      ['data.sloCanaryBakeTime', expect.stringContaining('must be set when sloCanarySites is') as unknown],
    ]);
    const number = withPackageContextSettings([context({ sloCanaryRequired: 1 })], defaults);
    expect(number.results[0].message).toContain('must be text (quote it), got 1');
  });
});
