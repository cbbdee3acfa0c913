import { KrmItem } from '@focom/krm-runtime';
import { applyGateRecords, applyReadiness, previousConditions } from './readiness';

const RECORD = { observedAt: 'none', target: '5g-ran-du@v1.0.0', digest: 'sha256:abc', settings: 'age=900s' };

function kptfile(extra: Record<string, unknown> = {}): KrmItem {
  return KrmItem.fromObject({ apiVersion: 'kpt.dev/v1', kind: 'Kptfile', metadata: { name: 'site', ...extra } });
}

describe('the Kptfile readiness of inject-ocloud-targeting', () => {
  it('owns the targeting and the SLO conditions, keeps those of others, and reads its own back', () => {
    const item = KrmItem.fromObject({
      apiVersion: 'kpt.dev/v1',
      kind: 'Kptfile',
      metadata: { name: 'site' },
      info: { readinessGates: [{ conditionType: 'other.example.com/Ready' }] },
      status: { conditions: [{ type: 'other.example.com/Ready', status: 'True', reason: 'Fine', message: 'theirs' }] },
    });
    const ours = [
      { type: 'focom.nephio.org/v1alpha1.FocomProvisioningRequest.a', status: 'True', reason: 'Ready', message: 'targeted' },
      { type: 'slo.focom.nephio.org/v1alpha1.FocomProvisioningRequest.a', status: 'False', reason: 'NoObservation', message: 'held' },
    ] as const;
    applyReadiness(item, ours);
    expect(item.getIn(['info', 'readinessGates'])).toEqual([
      { conditionType: 'other.example.com/Ready' },
      { conditionType: ours[0].type },
      { conditionType: ours[1].type },
    ]);
    expect([...previousConditions(item).keys()]).toEqual([ours[0].type, ours[1].type]);
    applyReadiness(item, [ours[0]]);
    expect(item.getIn(['status', 'conditions'])).toEqual([
      { type: 'other.example.com/Ready', status: 'True', reason: 'Fine', message: 'theirs' },
      ours[0],
    ]);
  });

  it('writes one gate record per request and removes the records of requests that have none, keeping other annotations', () => {
    const item = kptfile({
      annotations: {
        'config.kubernetes.io/local-config': 'true',
        'slo.focom.nephio.org/gate.gone': 'observedAt=none; target=x; digest=y; settings=z',
      },
    });
    applyGateRecords(item, new Map([['a', RECORD]]));
    expect(item.getIn(['metadata', 'annotations'])).toEqual({
      'config.kubernetes.io/local-config': 'true',
      'slo.focom.nephio.org/gate.a': 'observedAt=none; target=5g-ran-du@v1.0.0; digest=sha256:abc; settings=age=900s',
    });
    const untouched = kptfile();
    applyGateRecords(untouched, new Map());
    expect(untouched.isEdited).toBe(false);
  });
});
