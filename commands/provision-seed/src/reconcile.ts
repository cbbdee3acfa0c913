/**
 * The status phase: focom-status's controller (the one `bin/focom-status` runs, here in
 * provision-seed's process) writes each FocomProvisioningRequest's status, and a stand-in O2IMS
 * on the edge answers the cluster requests. provision-seed only waits: it reads back the phase
 * the controller wrote, checks that Flux applied the published commit and counts ready pods on the
 * edge (object-watch.ts). It ends when every request is Ready, when one Failed (with the
 * controller's message and the edge's scheduling events), or at the timeout.
 */
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import type { CommandResult } from '@focom/cluster-harness';
import { startController } from '@focom/focom-status';
import { type Collection, type ObjectWatches, objectWatches } from './object-watch';
import type { RenderedRequest } from './rendered';
import { startStandInO2ims } from './stand-in-o2ims';
import { type Phase, type RequestStatus, requestStatus, statusTable, type WorkloadReadiness } from './status';

type Kubectl = (args: readonly string[], options?: { input?: string }) => CommandResult;
type Json = Record<string, unknown>;

export interface WatchOptions {
  smo: Kubectl;
  edge: Kubectl;
  smoKubeconfig: string;
  edgeKubeconfig: string;
  requests: readonly RenderedRequest[];
  timeoutSeconds: number;
  /** The git commit Porch published: a request is Ready only once Flux applied it. */
  commit: string;
  o2imsDelaySeconds: number;
  o2imsFail: boolean;
  step(message: string): void;
  write(line: string): void;
}

/** Flux's health check gets timeoutSeconds; its verdict may take a few seconds more. */
const VERDICT_GRACE_MS = 30_000;
const SETTLE_MS = 15_000;

function kustomizations(namespace: string): Collection {
  return { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', plural: 'kustomizations', namespace };
}

function focomRequests(namespace: string): Collection {
  return { apiVersion: 'focom.nephio.org/v1alpha1', kind: 'FocomProvisioningRequest', plural: 'focomprovisioningrequests', namespace };
}

const PHASES = new Set<Phase>(['Pending', 'Provisioning', 'Delivering', 'Ready', 'Failed']);

/**
 * The controller's phase and message, with what provision-seed checks itself: a Ready from
 * before the published commit was applied is still Delivering.
 */
function combined(local: RequestStatus, written: Json | undefined): RequestStatus {
  const phase = typeof written?.phase === 'string' && PHASES.has(written.phase as Phase) ? (written.phase as Phase) : 'Pending';
  const message = typeof written?.message === 'string' ? written.message : 'focom-status has not written a status yet';
  if (phase === 'Ready' && !local.current) return { ...local, phase: 'Delivering', message: local.message };
  return { ...local, phase, message };
}

function getJson(kubectl: Kubectl, args: readonly string[]): Json | undefined {
  const got = kubectl(['get', ...args, '-o', 'json']);
  return got.status === 0 ? (JSON.parse(got.stdout) as Json) : undefined;
}

function workloadReadiness(watches: ObjectWatches, edgeKubeconfig: string, request: RenderedRequest): WorkloadReadiness[] {
  return request.workloads.map((w) => {
    const workloads: Collection = { apiVersion: 'apps/v1', kind: w.kind, plural: `${w.kind.toLowerCase()}s`, namespace: w.namespace };
    const object = watches.get(edgeKubeconfig, workloads, w.name);
    const status = (object?.status ?? {}) as Json;
    const ready = typeof status.readyReplicas === 'number' ? status.readyReplicas : 0;
    return { ready, desired: w.replicas };
  });
}

/**
 * Why the request's pods are not running, from the edge: the scheduler's message for pending
 * pods, once per distinct message with how many pods of which owner it holds for.
 */
function unscheduledReasons(edge: Kubectl, request: RenderedRequest): string[] {
  const byMessage = new Map<string, { count: number; owners: Set<string> }>();
  for (const workload of request.workloads) {
    const pods = getJson(edge, ['pods', '-n', workload.namespace]);
    for (const pod of (pods?.items ?? []) as Json[]) {
      const name = String((pod.metadata as Json).name);
      if (!name.startsWith(`${workload.name}-`)) continue;
      const conditions = ((pod.status as Json | undefined)?.conditions ?? []) as { type?: string; status?: string; message?: string }[];
      const scheduled = conditions.find((c) => c.type === 'PodScheduled');
      if (scheduled?.status !== 'False' || !scheduled.message) continue;
      const entry = byMessage.get(scheduled.message) ?? { count: 0, owners: new Set<string>() };
      entry.count++;
      entry.owners.add(workload.name);
      byMessage.set(scheduled.message, entry);
    }
  }
  return [...byMessage]
    .map(([message, { count, owners }]) => `${count} pod${count === 1 ? '' : 's'} of ${[...owners].sort().join(', ')} pending: ${message}`)
    .sort();
}

export async function watchStatus(options: WatchOptions): Promise<Outcome<void>> {
  const watches = objectWatches();
  const controller = startController({
    kubeconfig: options.smoKubeconfig,
    resyncMs: 10_000,
    log: (line) => options.step(`focom-status: ${line}`),
  });
  const standIn = startStandInO2ims({
    edge: options.edge,
    delaySeconds: options.o2imsDelaySeconds,
    fail: options.o2imsFail,
    step: (message) => options.step(message),
  });
  try {
    return await followStatus(options, watches);
  } finally {
    standIn.stop();
    watches.stop();
    await controller.stop();
  }
}

async function followStatus(options: WatchOptions, watches: ObjectWatches): Promise<Outcome<void>> {
  const { edge, requests } = options;
  const deadline = Date.now() + options.timeoutSeconds * 1000 + VERDICT_GRACE_MS;
  /** Once one request failed, how long the others get to reach their own verdict (a workload follows its cluster). */
  let settleBy: number | undefined;
  let statuses: Map<RenderedRequest, RequestStatus>;
  for (;;) {
    statuses = new Map(
      requests.map((request) => {
        const k = request.kustomization;
        const kustomization = k ? watches.get(options.smoKubeconfig, kustomizations(k.namespace), k.name) : undefined;
        const local = requestStatus(kustomization, workloadReadiness(watches, options.edgeKubeconfig, request), options.commit);
        const written = watches.get(options.smoKubeconfig, focomRequests(request.namespace), request.name)?.status as Json | undefined;
        return [request, combined(local, written)];
      }),
    );
    const timedOut = Date.now() > deadline;
    // Until every watch has listed its objects, absent means not read yet.
    if (!watches.read() && !timedOut) {
      await watches.changed(deadline - Date.now());
      continue;
    }
    const all = [...statuses.values()];
    if (all.every((s) => s.phase === 'Ready') || timedOut) break;
    if (all.some((s) => s.phase === 'Failed')) {
      settleBy ??= Date.now() + SETTLE_MS;
      if (all.every((s) => s.phase === 'Ready' || s.phase === 'Failed') || Date.now() > settleBy) break;
    }
    await watches.changed(Math.min(deadline, settleBy ?? deadline) - Date.now() + 1);
  }
  options.write('');
  options.write(statusTable([...statuses].map(([request, status]) => ({ request, status }))));
  const notReady = [...statuses].filter(([, s]) => s.phase !== 'Ready');
  if (notReady.length === 0) return succeed(undefined);
  const lines = notReady.map(([request, status]) => {
    const why = status.phase === 'Failed' ? status.message : `not Ready after ${options.timeoutSeconds} s: ${status.message}`;
    const scheduling = unscheduledReasons(edge, request).map((r) => `\n    edge: ${r}`);
    return `FocomProvisioningRequest ${request.namespace}/${request.name} (${status.phase}): ${why}${scheduling.join('')}`;
  });
  return fail(lines.join('\n'));
}
