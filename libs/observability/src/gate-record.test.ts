/**
 * The gate's record lives in a Kptfile annotation named after the request: a request name too
 * long for an annotation key's 63-character name part gets a shortened, hashed key, and its
 * record names the request, so it reads back as that request's.
 */
import { formatGateRecord, gateRecordKey, readGateRecords } from '.';

const RECORD = { observedAt: 'none', target: '5g-ran-du@v1.2.0', digest: 'sha256:abc', settings: 'age=900s,budget=0.25,rollback=false' };

function kptfileWith(request: string): Record<string, unknown> {
  return { metadata: { annotations: { [gateRecordKey(request)]: formatGateRecord(RECORD, request), other: 'kept' } } };
}

describe('gate record keys', () => {
  it('name a short request as it is', () => {
    expect(gateRecordKey('edge-5g-deployment')).toBe('slo.focom.nephio.org/gate.edge-5g-deployment');
    expect(formatGateRecord(RECORD, 'edge-5g-deployment')).not.toContain('request=');
    expect(readGateRecords(kptfileWith('edge-5g-deployment'))).toEqual(new Map([['edge-5g-deployment', RECORD]]));
  });

  it('fit a long request name into 63 characters, and read back as that request', () => {
    const long = `site-${'a'.repeat(60)}-du`;
    const key = gateRecordKey(long);
    expect(key.split('/')[1].length).toBeLessThanOrEqual(63);
    expect(key).toMatch(/^slo\.focom\.nephio\.org\/gate\.site-a+-[0-9a-f]{12}$/);
    expect(formatGateRecord(RECORD, long)).toMatch(new RegExp(`^request=${long}; observedAt=none`));
    expect(readGateRecords(kptfileWith(long))).toEqual(new Map([[long, RECORD]]));
    // Another long name with the same first 40 characters gets another key.
    expect(gateRecordKey(`${long}x`)).not.toBe(key);
  });
});
