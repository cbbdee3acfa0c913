/**
 * Why the runtime is not built on the `kpt-functions` SDK: the evidence, measured on the
 * package itself so it fails the day the SDK changes.
 */
import { Configs, FileFormat, parse, stringify } from 'kpt-functions';

const twin = (path: string) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'twin', namespace: 'o2ims', annotations: { 'config.kubernetes.io/path': path } },
});

describe('the kpt-functions SDK', () => {
  it('keeps only one of two resources sharing apiVersion/kind/namespace/name', () => {
    const configs = new Configs([twin('a.yaml'), twin('sub/b.yaml')]);
    expect(configs.getAll()).toHaveLength(1);
  });

  it('drops comments when it reads and writes YAML (js-yaml 3)', () => {
    const input =
      'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1 # keep me\n  kind: ConfigMap\n  metadata:\n    name: c\n';
    const output = stringify(parse(input, FileFormat.YAML), FileFormat.YAML);
    expect(output).not.toContain('keep me');
  });
});
