import { type ConfigSpec, KrmItem, readFunctionConfig } from '../src';

const spec: ConfigSpec = {
  typedKind: 'ExampleConfig',
  keys: [
    { name: 'mode', description: '', values: ['a', 'b'], default: 'a' },
    { name: 'strict', description: '', values: ['true', 'false'], default: 'false' },
  ],
};

describe('readFunctionConfig', () => {
  it('returns defaults without a config', () => {
    expect(readFunctionConfig(undefined, spec)).toEqual({ values: { mode: 'a', strict: 'false' }, results: [] });
  });

  it('reads a ConfigMap and the typed kind alike', () => {
    const cm = KrmItem.fromObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { mode: 'b', strict: 'true' } });
    const typed = KrmItem.fromObject({ apiVersion: 'fn.focom.nephio.org/v1alpha1', kind: 'ExampleConfig', metadata: { name: 'c' }, spec: { mode: 'b', strict: true } });
    expect(readFunctionConfig(cm, spec).values).toEqual({ mode: 'b', strict: 'true' });
    expect(readFunctionConfig(typed, spec).values).toEqual({ mode: 'b', strict: 'true' });
  });

  it('reports every problem together', () => {
    const cm = KrmItem.fromObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { mode: 'z', colour: 'red' } });
    const { results } = readFunctionConfig(cm, spec);
    expect(results.map((r) => [r.severity, r.field?.path, r.message])).toEqual([
      ['error', 'data.mode', 'functionConfig data.mode must be one of "a", "b", got "z"'],
      ['error', 'data.colour', 'unknown functionConfig key "colour"; known keys: mode, strict'],
    ]);
  });

  it('names the accepted kinds for any other kind', () => {
    const other = KrmItem.fromObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'c' } });
    expect(readFunctionConfig(other, spec).results[0]!.message).toBe(
      'functionConfig must be a ConfigMap or fn.focom.nephio.org/v1alpha1 ExampleConfig, got apps/v1 Deployment',
    );
  });
});
