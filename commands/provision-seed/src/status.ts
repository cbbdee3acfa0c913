/**
 * What provision-seed itself reads of a request while it waits: whether Flux applied the
 * published commit, and how many of its pods are ready on the edge (the table's DELIVERED and
 * READY columns). The request's phase is focom-status's (the controller writes it; reconcile.ts
 * reads it back); the phase computed here only stands in before the controller wrote one.
 *
 * Phases: Pending (no delivery object yet), Provisioning (its O2IMS provisions the cluster, or it
 * waits for its cluster), Delivering (Flux is applying or health-checking), Ready, Failed.
 */
import type { RenderedRequest } from './rendered';

type Json = Record<string, unknown>;

export type Phase = 'Pending' | 'Provisioning' | 'Delivering' | 'Ready' | 'Failed';

export interface RequestStatus {
  phase: Phase;
  /** Flux applied the request's resources to the edge. */
  delivered: boolean;
  /** "ready/desired" pods summed over the request's workloads on the edge. */
  readyPods: string;
  message: string;
  /** The revision Flux applied (branch@sha1:...), when any. */
  revision?: string;
  /** False while Flux has not applied the published commit: a Ready then is an older commit's. */
  current: boolean;
}

interface FluxCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

export interface WorkloadReadiness {
  ready: number;
  desired: number;
}

function readyCondition(kustomization: Json | undefined): FluxCondition | undefined {
  const conditions = ((kustomization?.status as Json | undefined)?.conditions ?? []) as FluxCondition[];
  return conditions.find((c) => c.type === 'Ready');
}

const FAILED_REASONS = new Set(['HealthCheckFailed', 'ReconciliationFailed', 'BuildFailed', 'ArtifactFailed']);

/**
 * The status of one request from its Kustomization (undefined: not there yet) and the readiness
 * of its workloads on the edge. With commit (the published git commit), a Kustomization that has
 * not applied that commit yet is still Delivering, whatever it says of an older one.
 */
export function requestStatus(kustomization: Json | undefined, workloads: readonly WorkloadReadiness[], commit?: string): RequestStatus {
  const ready = workloads.reduce((sum, w) => sum + w.ready, 0);
  const desired = workloads.reduce((sum, w) => sum + w.desired, 0);
  const readyPods = `${ready}/${desired}`;
  if (kustomization === undefined)
    return { phase: 'Pending', delivered: false, readyPods, message: 'waiting for Flux to create the delivery object', current: false };
  const status = (kustomization.status ?? {}) as Json;
  const revision = typeof status.lastAppliedRevision === 'string' ? status.lastAppliedRevision : undefined;
  const inventory = ((status.inventory as Json | undefined)?.entries ?? []) as unknown[];
  const delivered = revision !== undefined || inventory.length > 0;
  const condition = readyCondition(kustomization);
  if (commit !== undefined && !(revision ?? '').endsWith(commit) && condition?.reason !== 'HealthCheckFailed') {
    return {
      phase: 'Delivering',
      delivered: false,
      readyPods,
      message: `waiting for Flux to apply commit ${commit.slice(0, 12)}`,
      current: false,
    };
  }
  const withRevision = (s: Omit<RequestStatus, 'current'>): RequestStatus =>
    revision === undefined ? { ...s, current: true } : { ...s, revision, current: true };
  if (condition?.status === 'True') {
    const rolledOut = ready >= desired;
    return withRevision({
      phase: rolledOut ? 'Ready' : 'Delivering',
      delivered: true,
      readyPods,
      message: rolledOut ? (condition.message ?? 'Applied and healthy') : `applied; ${readyPods} pods ready on the edge`,
    });
  }
  if (condition?.status === 'False' && FAILED_REASONS.has(condition.reason ?? '')) {
    return withRevision({ phase: 'Failed', delivered, readyPods, message: `${condition.reason}: ${condition.message ?? ''}`.trim() });
  }
  return withRevision({ phase: 'Delivering', delivered, readyPods, message: condition?.message ?? 'Flux has not reconciled it yet' });
}

export interface TableRow {
  request: RenderedRequest;
  status: RequestStatus;
}

/** The final per-request table, columns padded. */
export function statusTable(rows: readonly TableRow[]): string {
  const header = ['REQUEST', 'TEMPLATE', 'O-CLOUD', 'RESOURCES', 'DELIVERED', 'READY', 'PHASE', 'SLO GATE'];
  const lines = rows.map(({ request, status }) => [
    `${request.namespace}/${request.name}`,
    request.template || '-',
    request.ocloud || '-',
    String(request.resources.length),
    status.delivered ? 'yes' : 'no',
    status.readyPods,
    status.phase,
    request.sloGate ?? '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  return [header, ...lines]
    .map((l) =>
      l
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
