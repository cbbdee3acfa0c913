import { v5 as uuidV5 } from 'uuid';
import { PROVISIONING_REQUEST_NAME_NAMESPACE, clcmRequestName, o2imsApiProblem } from './o2ims-api';

describe('clcmRequestName', () => {
  it('is RFC 4122 UUIDv5 (the library gives the RFC example) of the OCloud and the request, the same on every render', () => {
    expect(uuidV5('www.example.com', uuidV5.DNS)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    const name = clcmRequestName({ namespace: 'smo', name: 'site-a' }, { namespace: 'smo', name: 'site-a-cluster' });
    expect(name).toBe(uuidV5('smo/site-a/smo/site-a-cluster', PROVISIONING_REQUEST_NAME_NAMESPACE));
    expect(name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(clcmRequestName({ namespace: 'smo', name: 'site-a' }, { namespace: 'smo', name: 'site-a-cluster' })).toBe(name);
  });

  it('differs for another OCloud or another request', () => {
    const names = new Set([
      clcmRequestName({ namespace: 'smo', name: 'a' }, { namespace: 'smo', name: 'r' }),
      clcmRequestName({ namespace: 'smo', name: 'b' }, { namespace: 'smo', name: 'r' }),
      clcmRequestName({ namespace: 'smo', name: 'a' }, { namespace: 'smo', name: 's' }),
      clcmRequestName({ namespace: 'other', name: 'a' }, { namespace: 'smo', name: 'r' }),
    ]);
    expect(names.size).toBe(4);
  });
});

describe('o2imsApiProblem', () => {
  it('accepts both API generations and names them for anything else', () => {
    expect(o2imsApiProblem('clcm.openshift.io/v1alpha1')).toBeUndefined();
    expect(o2imsApiProblem('o2ims.provisioning.oran.org/v1alpha1')).toBeUndefined();
    expect(o2imsApiProblem('clcm.openshift.io')).toBe(
      'must be one of o2ims.provisioning.oran.org/v1alpha1, clcm.openshift.io/v1alpha1, got "clcm.openshift.io"',
    );
  });
});
