/**
 * A FocomProvisioningRequest's status, from what delivers it: its Flux Kustomization on the SMO
 * and, for a cluster request, its ProvisioningRequest as the O2IMS reports it. The pure part of
 * the controller (controller.ts reads the objects and writes the result).
 *
 * Phases: Pending (no delivery object yet), Provisioning (the O2IMS is provisioning the cluster,
 * or a workload waits for its cluster), Delivering (Flux is applying or health-checking), Ready,
 * Failed (the O2IMS or Flux gave up; the message says why).
 */
type Json = Record<string, unknown>;

export type Phase = 'Pending' | 'Provisioning' | 'Delivering' | 'Ready' | 'Failed';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}

/** What the O2IMS says of a cluster request's ProvisioningRequest. */
export type O2imsView =
  | { kind: 'read'; apiVersion: string; name: string; object?: Json }
  | { kind: 'unreachable'; apiVersion: string; name: string; reason: string };

export interface O2imsStatus {
  apiVersion: string;
  name: string;
  /** provisioningState (Nephio) or provisioningPhase (clcm), as the O2IMS wrote it. */
  phase?: string;
  details?: string;
}

export interface RequestStatus {
  phase: Phase;
  message: string;
  conditions: Condition[];
  /** The delivery object, `<namespace>/<name>`. */
  remoteName?: string;
  o2ims?: O2imsStatus;
}

/** A dependency's state, as the workload request that waits for it sees it. */
export interface Dependency {
  request: string;
  status?: RequestStatus;
}

export interface RequestInputs {
  kustomization?: Json;
  /** Set for a cluster request (its Kustomization health-checks a ProvisioningRequest). */
  o2ims?: O2imsView;
  /** The last o2ims status written, kept while the O-Cloud cannot be reached. */
  previousO2ims?: O2imsStatus;
  /** The cluster requests its Kustomization depends on. */
  dependencies: readonly Dependency[];
}

const PHASE_FIELDS = ['provisioningPhase', 'provisioningState'];
const FLUX_FAILURES = new Set(['HealthCheckFailed', 'ReconciliationFailed', 'BuildFailed', 'ArtifactFailed']);

export function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function fluxReady(kustomization: Json): { status?: string; reason?: string; message?: string } {
  const conditions = record(kustomization.status).conditions;
  const ready = (Array.isArray(conditions) ? conditions : []).map(record).find((c) => c.type === 'Ready');
  return { status: text(ready?.status), reason: text(ready?.reason), message: text(ready?.message) };
}

function o2imsStatus(view: Extract<O2imsView, { kind: 'read' }>): O2imsStatus {
  const provisioning = record(record(view.object?.status).provisioningStatus);
  const phase = PHASE_FIELDS.map((field) => text(provisioning[field])).find((p) => p !== undefined);
  const details = text(provisioning.provisioningDetails);
  return { apiVersion: view.apiVersion, name: view.name, ...(phase ? { phase } : {}), ...(details ? { details } : {}) };
}

function describeO2ims(o2ims: O2imsStatus): string {
  return `O2IMS ${o2ims.phase ?? 'has written no status'}${o2ims.details ? `: ${o2ims.details}` : ''}`;
}

function condition(type: string, status: Condition['status'], reason: string, message: string): Condition {
  return { type, status, reason, message };
}

/** Delivered: Flux applied the request's folder (it recorded a revision or an inventory). */
function delivered(kustomization: Json | undefined, ready: ReturnType<typeof fluxReady>): Condition {
  const status = record(kustomization?.status);
  const revision = text(status.lastAppliedRevision);
  if (revision) return condition('Delivered', 'True', 'Applied', `Flux applied ${revision}`);
  if (ready.status === 'False' && FLUX_FAILURES.has(ready.reason ?? ''))
    return condition('Delivered', 'False', ready.reason!, ready.message ?? '');
  return condition('Delivered', 'Unknown', 'Progressing', kustomization ? 'Flux has not applied it yet' : 'no delivery object yet');
}

function withReady(status: Omit<RequestStatus, 'conditions'>, others: Condition[]): RequestStatus {
  const ready =
    status.phase === 'Ready'
      ? condition('Ready', 'True', 'Ready', status.message)
      : condition('Ready', status.phase === 'Failed' ? 'False' : 'Unknown', status.phase, status.message);
  return { ...status, conditions: [...others, ready] };
}

export function requestStatus(inputs: RequestInputs): RequestStatus {
  const { kustomization } = inputs;
  if (!kustomization)
    return withReady(
      { phase: 'Pending', message: 'no delivery object on the SMO yet: is the package published, and its delivery/ folder synced?' },
      [delivered(undefined, {})],
    );
  const metadata = record(kustomization.metadata);
  const remoteName = `${text(metadata.namespace) ?? ''}/${text(metadata.name) ?? ''}`;
  const ready = fluxReady(kustomization);
  const deliveredCondition = delivered(kustomization, ready);
  if (inputs.o2ims) return clusterStatus(inputs, inputs.o2ims, remoteName, ready, deliveredCondition);
  return workloadStatus(inputs, remoteName, ready, deliveredCondition);
}

function clusterStatus(
  inputs: RequestInputs,
  view: O2imsView,
  remoteName: string,
  ready: ReturnType<typeof fluxReady>,
  deliveredCondition: Condition,
): RequestStatus {
  if (view.kind === 'unreachable') {
    const kept = inputs.previousO2ims ?? { apiVersion: view.apiVersion, name: view.name };
    const message = `the O-Cloud cannot be reached (${view.reason}); last known: ${describeO2ims(kept)}`;
    const phase: Phase =
      kept.phase === 'fulfilled' && ready.status === 'True' ? 'Ready' : kept.phase === 'failed' ? 'Failed' : 'Provisioning';
    return withReady({ phase, message, remoteName, o2ims: kept }, [
      deliveredCondition,
      condition('Provisioned', 'Unknown', 'O2imsUnreachable', message),
    ]);
  }
  if (!view.object) {
    const message = `Flux has not applied ProvisioningRequest ${view.name} to the O-Cloud yet${ready.message ? `: ${ready.message}` : ''}`;
    const failed = ready.status === 'False' && FLUX_FAILURES.has(ready.reason ?? '');
    return withReady(
      { phase: failed ? 'Failed' : 'Delivering', message, remoteName, o2ims: { apiVersion: view.apiVersion, name: view.name } },
      [deliveredCondition, condition('Provisioned', failed ? 'False' : 'Unknown', 'NotApplied', message)],
    );
  }
  const o2ims = o2imsStatus(view);
  const described = `${describeO2ims(o2ims)} (ProvisioningRequest ${o2ims.name})`;
  if (o2ims.phase === 'failed')
    return withReady({ phase: 'Failed', message: described, remoteName, o2ims }, [
      deliveredCondition,
      condition('Provisioned', 'False', 'ProvisioningFailed', described),
    ]);
  if (o2ims.phase === 'fulfilled') {
    const phase: Phase = ready.status === 'True' ? 'Ready' : 'Delivering';
    const message = phase === 'Ready' ? `cluster provisioned: ${described}` : `${described}; Flux has not reported it Ready yet`;
    return withReady({ phase, message, remoteName, o2ims }, [deliveredCondition, condition('Provisioned', 'True', 'Fulfilled', described)]);
  }
  return withReady({ phase: 'Provisioning', message: described, remoteName, o2ims }, [
    deliveredCondition,
    condition('Provisioned', 'Unknown', 'Provisioning', described),
  ]);
}

function workloadStatus(
  inputs: RequestInputs,
  remoteName: string,
  ready: ReturnType<typeof fluxReady>,
  deliveredCondition: Condition,
): RequestStatus {
  const others: Condition[] = [deliveredCondition];
  if (inputs.dependencies.length > 0) {
    const failed = inputs.dependencies.find((d) => d.status?.phase === 'Failed');
    const waiting = inputs.dependencies.filter((d) => d.status?.phase !== 'Ready');
    if (failed) {
      const message = `its cluster request ${failed.request} failed: ${failed.status!.message}`;
      return withReady({ phase: 'Failed', message, remoteName }, [...others, condition('ClusterReady', 'False', 'ClusterFailed', message)]);
    }
    if (waiting.length > 0) {
      const first = waiting[0];
      const message = `waiting for its cluster request ${first.request}: ${first.status ? `${first.status.phase}, ${first.status.message}` : 'not found on the SMO'}`;
      return withReady({ phase: 'Provisioning', message, remoteName }, [
        ...others,
        condition('ClusterReady', 'Unknown', 'ClusterNotReady', message),
      ]);
    }
    others.push(condition('ClusterReady', 'True', 'ClusterReady', `cluster ${inputs.dependencies.map((d) => d.request).join(', ')} ready`));
  }
  if (ready.status === 'True') return withReady({ phase: 'Ready', message: ready.message ?? 'applied and healthy', remoteName }, others);
  if (ready.status === 'False' && FLUX_FAILURES.has(ready.reason ?? ''))
    return withReady({ phase: 'Failed', message: `${ready.reason}: ${ready.message ?? ''}`.trim(), remoteName }, others);
  return withReady({ phase: 'Delivering', message: ready.message ?? 'Flux has not reconciled it yet', remoteName }, others);
}

/**
 * The status subresource to write: conditions keep their lastTransitionTime while their status
 * stays the same, so a condition's time says when it last changed, as Kubernetes conventions ask.
 */
export function statusBody(status: RequestStatus, generation: number | undefined, previous: Json | undefined, now: Date): Json {
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const before = new Map(
    (Array.isArray(previous?.conditions) ? previous.conditions : []).map(record).map((c) => [String(c.type), c] as const),
  );
  const conditions = status.conditions.map((c) => {
    const old = before.get(c.type);
    const since = old && old.status === c.status && typeof old.lastTransitionTime === 'string' ? old.lastTransitionTime : stamp;
    return { ...c, lastTransitionTime: since, ...(generation !== undefined ? { observedGeneration: generation } : {}) };
  });
  return {
    phase: status.phase,
    message: status.message,
    ...(status.remoteName ? { remoteName: status.remoteName } : {}),
    ...(status.o2ims ? { o2ims: status.o2ims } : {}),
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    conditions,
    lastUpdated: stamp,
  };
}

/** Whether writing `next` would change what `previous` says (times aside). */
export function statusChanged(previous: Json | undefined, next: Json): boolean {
  const strip = (body: Json | undefined): string =>
    JSON.stringify({
      ...body,
      lastUpdated: undefined,
      conditions: (Array.isArray(body?.conditions) ? body.conditions : []).map((c) => ({ ...record(c), lastTransitionTime: undefined })),
    });
  return strip(previous) !== strip(next);
}
