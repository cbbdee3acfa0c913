import { KrmItem } from '@focom/krm-runtime';
import { readClusterTemplates } from './cluster-templates';

const template = (name: string, schema: unknown): KrmItem =>
  KrmItem.fromObject({
    apiVersion: 'clcm.openshift.io/v1alpha1',
    kind: 'ClusterTemplate',
    metadata: { name, namespace: 'ct' },
    spec: { name: 'sno', version: 'v1', templateParameterSchema: schema },
  });

describe('readClusterTemplates', () => {
  it('compiles each schema, the first of a name winning, and reports one that is not a mapping on its field', () => {
    const read = readClusterTemplates([
      template('sno.v1', { type: 'object', required: ['a'] }),
      template('sno.v1', 'not a schema'),
      template('bad.v1', 'type: object'),
      KrmItem.fromObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sno.v1' } }),
    ]);
    expect([...read.templates.keys()]).toEqual(['sno.v1', 'bad.v1']);
    expect(read.templates.get('sno.v1')?.schema?.validate({})).toBe(false);
    expect(read.templates.get('bad.v1')?.schema).toBeUndefined();
    expect(read.results).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: 'must be an OpenAPI v3 schema (a mapping): its clcm ProvisioningRequests cannot be checked',
        field: { path: 'spec.templateParameterSchema' },
        resourceRef: expect.objectContaining({ kind: 'ClusterTemplate', name: 'bad.v1' }) as unknown,
      }),
    ]);
  });
});
