/**
 * The status phase: a small reconciler, run by provision-seed while it waits, that watches each
 * request's Flux Kustomization on the SMO and its workloads on the edge (object-watch.ts), and
 * on every change writes the
 * FocomProvisioningRequest's status (phase, message, conditions Delivered and Ready) whenever it
 * changes, so `kubectl get focomprovisioningrequests` tells the truth. It ends when every request
 * is Ready, when one Failed (with Flux's message and the edge's scheduling events), or at the
 * timeout.
 */
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import type { CommandResult } from '@focom/cluster-harness';
import { type Collection, type ObjectWatches, objectWatches } from './object-watch';
import type { RenderedRequest } from './rendered';
import { type RequestStatus, requestStatus, statusPatch, statusTable, type WorkloadReadiness } from './status';

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
  step(message: string): void;
  write(line: string): void;
}

/** Flux's health check gets timeoutSeconds; its verdict may take a few seconds more. */
const VERDICT_GRACE_MS = 30_000;

function kustomizations(namespace: string): Collection {
  return { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', plural: 'kustomizations', namespace };
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

function writeStatus(smo: Kubectl, request: RenderedRequest, status: RequestStatus): string | undefined {
  const patch = statusPatch(
    status,
    new Date(),
    request.kustomization ? `${request.kustomization.namespace}/${request.kustomization.name}` : '',
  );
  const patched = smo([
    'patch',
    'focomprovisioningrequests.focom.nephio.org',
    request.name,
    '-n',
    request.namespace,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify(patch),
  ]);
  return patched.status === 0 ? undefined : patched.stderr.trim();
}

export async function watchStatus(options: WatchOptions): Promise<Outcome<void>> {
  const watches = objectWatches();
  try {
    return await followStatus(options, watches);
  } finally {
    watches.stop();
  }
}

async function followStatus(options: WatchOptions, watches: ObjectWatches): Promise<Outcome<void>> {
  const { smo, edge, requests } = options;
  const deadline = Date.now() + options.timeoutSeconds * 1000 + VERDICT_GRACE_MS;
  const last = new Map<string, string>();
  let statuses: Map<RenderedRequest, RequestStatus>;
  for (;;) {
    statuses = new Map(
      requests.map((request) => {
        const k = request.kustomization;
        const kustomization = k ? watches.get(options.smoKubeconfig, kustomizations(k.namespace), k.name) : undefined;
        return [request, requestStatus(kustomization, workloadReadiness(watches, options.edgeKubeconfig, request), options.commit)];
      }),
    );
    const timedOut = Date.now() > deadline;
    // Until every watch has listed its objects, absent means not read yet: no status is written.
    if (!watches.read() && !timedOut) {
      await watches.changed(deadline - Date.now());
      continue;
    }
    for (const [request, status] of statuses) {
      const key = `${status.phase}|${status.delivered}|${status.readyPods}`;
      if (last.get(request.name) === key) continue;
      last.set(request.name, key);
      const problem = writeStatus(smo, request, status);
      if (problem !== undefined)
        return fail(`writing the status of FocomProvisioningRequest ${request.namespace}/${request.name} failed: ${problem}`);
      options.step(
        `${request.namespace}/${request.name}: ${status.phase}, delivered ${status.delivered ? 'yes' : 'no'}, ${status.readyPods} pods ready`,
      );
    }
    const all = [...statuses.values()];
    const failed = [...statuses].filter(([, s]) => s.phase === 'Failed');
    if (all.every((s) => s.phase === 'Ready') || failed.length > 0 || timedOut) break;
    await watches.changed(deadline - Date.now() + 1);
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
