import { type Dependency, type RequestStatus, requestStatus, statusBody, statusChanged } from './request-status';

const O2IMS = 'o2ims.provisioning.oran.org/v1alpha1';

function kustomization(ready?: { status: string; reason: string; message: string }, revision?: string): Record<string, unknown> {
  return {
    metadata: { name: 'site-a-cluster', namespace: 'smo' },
    status: { ...(ready ? { conditions: [{ type: 'Ready', ...ready }] } : {}), ...(revision ? { lastAppliedRevision: revision } : {}) },
  };
}

function provisioning(state: string, details: string): Record<string, unknown> {
  return { status: { provisioningStatus: { provisioningState: state, provisioningDetails: details } } };
}

const conditionOf = (status: RequestStatus, type: string) => status.conditions.find((c) => c.type === type);

describe('a cluster request', () => {
  const read = (object?: Record<string, unknown>) => ({
    kind: 'read' as const,
    apiVersion: O2IMS,
    name: 'site-a-cluster',
    ...(object ? { object } : {}),
  });

  it('is Pending without a delivery object', () => {
    const status = requestStatus({ dependencies: [] });
    expect(status.phase).toBe('Pending');
    expect(conditionOf(status, 'Ready')).toMatchObject({ status: 'Unknown', reason: 'Pending' });
  });

  it('is Delivering until Flux applied its ProvisioningRequest, then Provisioning with the O2IMS words', () => {
    expect(requestStatus({ kustomization: kustomization(), o2ims: read(), dependencies: [] }).phase).toBe('Delivering');
    const status = requestStatus({
      kustomization: kustomization(undefined, 'main@sha1:abc'),
      o2ims: read(provisioning('progressing', 'installing')),
      dependencies: [],
    });
    expect(status).toMatchObject({ phase: 'Provisioning', o2ims: { phase: 'progressing', details: 'installing' } });
    expect(status.message).toBe('O2IMS progressing: installing (ProvisioningRequest site-a-cluster)');
    expect(conditionOf(status, 'Delivered')).toMatchObject({ status: 'True', reason: 'Applied' });
  });

  it("reads clcm's provisioningPhase too", () => {
    const object = { status: { provisioningStatus: { provisioningPhase: 'pending' } } };
    expect(requestStatus({ kustomization: kustomization(), o2ims: read(object), dependencies: [] }).o2ims?.phase).toBe('pending');
  });

  it('is Ready only when fulfilled and Flux agrees; Failed when the O2IMS says failed', () => {
    const fulfilled = read(provisioning('fulfilled', 'done'));
    expect(requestStatus({ kustomization: kustomization(), o2ims: fulfilled, dependencies: [] }).phase).toBe('Delivering');
    const ready = kustomization({ status: 'True', reason: 'ReconciliationSucceeded', message: 'Applied revision' });
    expect(requestStatus({ kustomization: ready, o2ims: fulfilled, dependencies: [] }).phase).toBe('Ready');
    const failed = requestStatus({ kustomization: kustomization(), o2ims: read(provisioning('failed', 'no hardware')), dependencies: [] });
    expect(failed.phase).toBe('Failed');
    expect(conditionOf(failed, 'Provisioned')).toMatchObject({ status: 'False', reason: 'ProvisioningFailed' });
    expect(failed.message).toContain('O2IMS failed: no hardware');
  });

  it('keeps the last known O2IMS phase while the O-Cloud cannot be reached, and says so', () => {
    const status = requestStatus({
      kustomization: kustomization({ status: 'True', reason: 'ReconciliationSucceeded', message: 'ok' }),
      o2ims: { kind: 'unreachable', apiVersion: O2IMS, name: 'site-a-cluster', reason: 'ECONNREFUSED' },
      previousO2ims: { apiVersion: O2IMS, name: 'site-a-cluster', phase: 'fulfilled', details: 'done' },
      dependencies: [],
    });
    expect(status).toMatchObject({ phase: 'Ready', o2ims: { phase: 'fulfilled', details: 'done' } });
    expect(status.message).toBe('the O-Cloud cannot be reached (ECONNREFUSED); last known: O2IMS fulfilled: done');
    expect(conditionOf(status, 'Provisioned')).toMatchObject({ status: 'Unknown', reason: 'O2imsUnreachable' });
  });
});

describe('a workload request', () => {
  const waiting = kustomization({ status: 'False', reason: 'DependencyNotReady', message: "dependency 'smo/site-a-cluster' is not ready" });
  const dependency = (phase: RequestStatus['phase'], message: string): Dependency => ({
    request: 'site-a-cluster',
    status: { phase, message, conditions: [] },
  });

  it('waits for its cluster, fails with it, and follows Flux once it is Ready', () => {
    const provisioning = requestStatus({ kustomization: waiting, dependencies: [dependency('Provisioning', 'O2IMS progressing')] });
    expect(provisioning).toMatchObject({
      phase: 'Provisioning',
      message: 'waiting for its cluster request site-a-cluster: Provisioning, O2IMS progressing',
    });
    const failed = requestStatus({ kustomization: waiting, dependencies: [dependency('Failed', 'O2IMS failed: no hardware')] });
    expect(failed).toMatchObject({ phase: 'Failed', message: 'its cluster request site-a-cluster failed: O2IMS failed: no hardware' });
    const applied = kustomization(
      { status: 'True', reason: 'ReconciliationSucceeded', message: 'Applied revision: main@sha1:abc' },
      'main@sha1:abc',
    );
    const ready = requestStatus({ kustomization: applied, dependencies: [dependency('Ready', 'cluster provisioned')] });
    expect(ready).toMatchObject({ phase: 'Ready', message: 'Applied revision: main@sha1:abc' });
    expect(conditionOf(ready, 'ClusterReady')).toMatchObject({ status: 'True' });
  });

  it("names a cluster request the SMO does not have, and reports Flux's failures as Failed", () => {
    expect(requestStatus({ kustomization: waiting, dependencies: [{ request: 'gone' }] }).message).toBe(
      'waiting for its cluster request gone: not found on the SMO',
    );
    const unhealthy = kustomization({ status: 'False', reason: 'HealthCheckFailed', message: 'timeout waiting for Deployment/ran-du' });
    expect(requestStatus({ kustomization: unhealthy, dependencies: [] })).toMatchObject({
      phase: 'Failed',
      message: 'HealthCheckFailed: timeout waiting for Deployment/ran-du',
    });
  });
});

describe('the status written', () => {
  const status: RequestStatus = {
    phase: 'Provisioning',
    message: 'O2IMS progressing',
    conditions: [{ type: 'Ready', status: 'Unknown', reason: 'Provisioning', message: 'O2IMS progressing' }],
  };

  it('keeps a condition’s transition time while its status stays, and records the generation', () => {
    const first = statusBody(status, 3, undefined, new Date('2026-12-05T10:00:00.123Z'));
    expect(first).toMatchObject({ observedGeneration: 3, lastUpdated: '2026-12-05T10:00:00Z' });
    const second = statusBody({ ...status, message: 'O2IMS progressing: 50%' }, 3, first, new Date('2026-12-05T10:05:00Z'));
    expect((second.conditions as { lastTransitionTime: string }[])[0].lastTransitionTime).toBe('2026-12-05T10:00:00Z');
    expect(statusChanged(first, statusBody(status, 3, first, new Date('2026-12-05T11:00:00Z')))).toBe(false);
    expect(statusChanged(first, second)).toBe(true);
  });
});
