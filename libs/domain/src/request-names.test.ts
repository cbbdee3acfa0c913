/**
 * Two requests of one name in different namespaces would share the Kptfile condition and SLO gate
 * record named after them: the second is reported on its name and left out, and a render of the
 * result renders the same again (the property test found the verdicts overwriting each other).
 */
import { KrmItem } from '@focom/krm-runtime';
import { checkPackage } from '.';

function objects(namespace: string): KrmItem[] {
  return [
    { apiVersion: 'focom.nephio.org/v1alpha1', kind: 'OCloud', metadata: { name: 'edge', namespace }, spec: { secretRef: { name: 'kc' } } },
    { apiVersion: 'focom.nephio.org/v1alpha1', kind: 'TemplateInfo', metadata: { name: 't', namespace }, spec: { template: '5g-upf' } },
    {
      apiVersion: 'focom.nephio.org/v1alpha1',
      kind: 'FocomProvisioningRequest',
      metadata: { name: 'site-a', namespace },
      spec: { ocloudRef: { name: 'edge' }, templateRef: { name: 't' }, parameters: { namespace: 'upf', dnn: 'internet' } },
    },
  ].map((o) => KrmItem.fromObject(o));
}

describe('requests that share a name', () => {
  it('keeps the first, and reports the second on its name', () => {
    const check = checkPackage([...objects('smo'), ...objects('o2ims')], { unknownTemplate: 'error' });
    expect(check.requests.map((r) => `${r.request.namespace}/${r.request.name}`)).toEqual(['smo/site-a']);
    const reported = check.results.filter((r) => r.severity === 'error');
    expect(reported).toEqual([
      expect.objectContaining({
        message:
          'has the name of FocomProvisioningRequest "site-a" in namespace "smo"; the Kptfile\'s readiness conditions are named by request name, so the two would share one: only the first is expanded, rename one',
        resourceRef: expect.objectContaining({ name: 'site-a', namespace: 'o2ims' }) as unknown,
        field: { path: 'metadata.name', currentValue: 'site-a' },
      }),
    ]);
  });
});
