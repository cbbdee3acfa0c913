import { type ConfigSpec, KrmItem, describeConfig, matching, oneOf, readFunctionConfig } from '.';

interface Example {
  mode: 'a' | 'b';
  strict: 'true' | 'false';
  label: string;
}

const spec: ConfigSpec<Example> = {
  typedKind: { apiVersion: 'fn.focom.nephio.org/v1alpha1', kind: 'ExampleConfig' },
  fields: {
    mode: oneOf(['a', 'b'], 'a', 'The mode.'),
    strict: oneOf(['true', 'false'], 'false', 'Strictness.'),
    label: matching(/^[a-z]*$/, 'lower-case letters', '', 'A label.'),
  },
  validate(config) {
    return config.mode === 'b' && config.label === '' ? [{ key: 'label', message: 'must be set when mode is b', involves: ['mode'] }] : [];
  },
};

const configMap = (data: unknown) => KrmItem.fromObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data });
const typed = (s: unknown) =>
  KrmItem.fromObject({ apiVersion: 'fn.focom.nephio.org/v1alpha1', kind: 'ExampleConfig', metadata: { name: 'c' }, spec: s });

describe('readFunctionConfig', () => {
  it('returns defaults without a config', () => {
    expect(readFunctionConfig(undefined, spec)).toEqual({ value: { mode: 'a', strict: 'false', label: '' }, results: [] });
  });

  it('reads a ConfigMap and the typed kind alike, into the typed value', () => {
    expect(readFunctionConfig(configMap({ mode: 'b', strict: 'true', label: 'x' }), spec)).toEqual({
      value: { mode: 'b', strict: 'true', label: 'x' },
      results: [],
    });
    expect(readFunctionConfig(typed({ mode: 'b', strict: true, label: 'x' }), spec).value).toEqual({
      mode: 'b',
      strict: 'true',
      label: 'x',
    });
  });

  it('reports every problem together, a bad key keeping its default', () => {
    const { value, results } = readFunctionConfig(configMap({ mode: 'z', colour: 'red', label: 5 }), spec);
    expect(value).toEqual({ mode: 'a', strict: 'false', label: '' });
    expect(results.map((r) => [r.severity, r.field?.path, r.message])).toEqual([
      ['error', 'data.mode', 'must be one of "a", "b", got "z"'],
      ['error', 'data.colour', 'unknown functionConfig key "colour"; known keys: mode, strict, label'],
      ['error', 'data.label', 'must be lower-case letters, got 5'],
    ]);
  });

  it('validates the defaulted whole and names the real field of each problem', () => {
    expect(readFunctionConfig(configMap({ mode: 'b' }), spec).results.map((r) => [r.field?.path, r.message])).toEqual([
      ['data.label', 'must be set when mode is b'],
    ]);
    expect(readFunctionConfig(typed({ mode: 'b' }), spec).results.map((r) => [r.field?.path, r.message])).toEqual([
      ['spec.label', 'must be set when mode is b'],
    ]);
  });

  it('leaves out a check across keys that would be about the default of an invalid key', () => {
    // mode "c" is invalid: "label must be set when mode is b" would be about the default, mode a.
    const spec2: ConfigSpec<Example> = { ...spec, validate: () => [{ key: 'label', message: 'must be set', involves: ['mode'] }] };
    expect(readFunctionConfig(configMap({ mode: 'c' }), spec2).results.map((r) => [r.field?.path, r.message])).toEqual([
      ['data.mode', 'must be one of "a", "b", got "c"'],
    ]);
    expect(readFunctionConfig(configMap({ label: 'X' }), spec2).results.map((r) => [r.field?.path, r.message])).toEqual([
      ['data.label', 'must be lower-case letters, got "X"'],
    ]);
    expect(readFunctionConfig(configMap({ strict: 'no' }), spec2).results.map((r) => [r.field?.path, r.message])).toEqual([
      ['data.strict', 'must be one of "true", "false", got "no"'],
      ['data.label', 'must be set'],
    ]);
  });

  it('names the accepted kinds for any other kind', () => {
    const other = KrmItem.fromObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'c' } });
    expect(readFunctionConfig(other, spec).results[0].message).toBe(
      'functionConfig must be a ConfigMap or fn.focom.nephio.org/v1alpha1 ExampleConfig, got apps/v1 Deployment',
    );
  });

  it('describes every key for --help', () => {
    expect(describeConfig(spec)).toBe(
      [
        'functionConfig: a ConfigMap (data.<key>) or fn.focom.nephio.org/v1alpha1 ExampleConfig (spec.<key>).',
        '  mode: a|b (default "a"). The mode.',
        '  strict: true|false (default "false"). Strictness.',
        '  label: lower-case letters (default ""). A label.',
      ].join('\n'),
    );
  });
});
