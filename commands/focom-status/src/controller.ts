/**
 * The controller: watches, on the SMO, every FocomProvisioningRequest and the Flux
 * Kustomizations that deliver them (labelled focom.nephio.org/provisioning-request); for a
 * cluster request, the ProvisioningRequest on its O-Cloud through the kubeconfig Secret its
 * Kustomization names (the one Secret read, the way Flux reads it). On every change, and at every
 * resync, it derives each request's status (request-status.ts) and writes it when it changed.
 */
import { CustomObjectsApi, CoreV1Api, type KubernetesObject, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { REQUEST_LABEL, OCLOUD_LABEL } from '@focom/domain';
import { labelValueOf } from '@focom/krm-runtime';
import { type CollectionWatch, kubeConfigFromFile, kubeConfigFromString, watchCollection } from './collection-watch';
import {
  type Dependency,
  type O2imsStatus,
  type O2imsView,
  type RequestStatus,
  record,
  requestStatus,
  statusBody,
  statusChanged,
} from './request-status';

type Json = Record<string, unknown>;

export interface ControllerOptions {
  /** Undefined: $KUBECONFIG, ~/.kube/config, or the pod's service account (client-node's defaults). */
  kubeconfig?: string;
  /** Only the requests of this namespace; undefined: all. */
  namespace?: string;
  resyncMs: number;
  log(line: string): void;
}

export interface Controller {
  /** Resolves once every SMO watch answered its first list. */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

const REQUESTS = { apiVersion: 'focom.nephio.org/v1alpha1', kind: 'FocomProvisioningRequest', plural: 'focomprovisioningrequests' };
const KUSTOMIZATIONS = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', plural: 'kustomizations' };
const DEBOUNCE_MS = 200;

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The ProvisioningRequest a Kustomization health-checks, and its name from Flux's inventory. */
function provisioningRequestOf(kustomization: Json): { apiVersion: string; name?: string } | undefined {
  const spec = record(kustomization.spec);
  const checks = Array.isArray(spec.healthCheckExprs) ? spec.healthCheckExprs.map(record) : [];
  const check = checks.find((c) => c.kind === 'ProvisioningRequest' && typeof c.apiVersion === 'string');
  if (!check) return undefined;
  const apiVersion = str(check.apiVersion);
  const group = apiVersion.split('/')[0];
  // Flux's inventory ids are <namespace>_<name>_<group>_<kind>.
  const entries = Array.isArray(record(record(kustomization.status).inventory).entries)
    ? (record(record(kustomization.status).inventory).entries as unknown[]).map(record)
    : [];
  const id = entries.map((e) => str(e.id)).find((i) => i.endsWith(`_${group}_ProvisioningRequest`));
  const name = id?.split('_')[1];
  return { apiVersion, ...(name ? { name } : {}) };
}

function requestOCloud(request: Json): string {
  const spec = record(request.spec);
  return str(spec.oCloudId) || str(record(spec.ocloudRef).name);
}

interface OCloudConnection {
  kubeconfig: string;
  watches: Map<string, CollectionWatch>;
}

export function startController(options: ControllerOptions): Controller {
  const config = kubeConfigFromFile(options.kubeconfig);

  const core = config.makeApiClient(CoreV1Api);
  const custom = config.makeApiClient(CustomObjectsApi);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let again = false;
  const schedule = (): void => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      again = true;
      running = running.then(async () => {
        if (!again || stopped) return;
        again = false;
        await reconcile().catch((error: unknown) =>
          options.log(`reconcile failed: ${error instanceof Error ? error.message : String(error)}`),
        );
      });
    }, DEBOUNCE_MS);
  };
  const scope = options.namespace ? { namespace: options.namespace } : {};
  const requests = watchCollection(config, { ...REQUESTS, ...scope }, schedule);
  const kustomizations = watchCollection(config, { ...KUSTOMIZATIONS, labelSelector: REQUEST_LABEL }, schedule);
  /** O-Cloud connections by `<namespace>/<secret>/<key>`; the kubeconfig is re-read at each resync. */
  const oclouds = new Map<string, OCloudConnection>();
  const lastO2ims = new Map<string, O2imsStatus>();
  let refreshSecrets = true;

  async function kubeconfigOf(namespace: string, secretRef: Json): Promise<string | { problem: string }> {
    const name = str(secretRef.name);
    const key = str(secretRef.key) || 'value';
    try {
      const secret = await core.readNamespacedSecret({ name, namespace });
      const data = secret.data?.[key];
      if (data === undefined) return { problem: `Secret ${namespace}/${name} has no key "${key}"` };
      return Buffer.from(data, 'base64').toString('utf8');
    } catch (error) {
      const code = (error as { code?: number }).code;
      return { problem: `Secret ${namespace}/${name} could not be read${code ? ` (HTTP ${code})` : ''}` };
    }
  }

  async function o2imsView(kustomization: Json, target: { apiVersion: string; name?: string }): Promise<O2imsView> {
    const metadata = record(kustomization.metadata);
    const secretRef = record(record(record(kustomization.spec).kubeConfig).secretRef);
    const namespace = str(metadata.namespace);
    const connectionKey = `${namespace}/${str(secretRef.name)}/${str(secretRef.key)}`;
    const name = target.name ?? '';
    let connection = oclouds.get(connectionKey);
    if (!connection || refreshSecrets) {
      const kubeconfig = await kubeconfigOf(namespace, secretRef);
      if (typeof kubeconfig !== 'string') return { kind: 'unreachable', apiVersion: target.apiVersion, name, reason: kubeconfig.problem };
      if (connection && connection.kubeconfig !== kubeconfig) {
        await Promise.all([...connection.watches.values()].map((w) => w.stop()));
        connection = undefined;
      }
      if (!connection) {
        connection = { kubeconfig, watches: new Map() };
        oclouds.set(connectionKey, connection);
      }
    }
    let watch = connection.watches.get(target.apiVersion);
    if (!watch) {
      const plural = 'provisioningrequests';
      watch = watchCollection(
        kubeConfigFromString(connection.kubeconfig),
        { apiVersion: target.apiVersion, kind: 'ProvisioningRequest', plural },
        schedule,
      );
      connection.watches.set(target.apiVersion, watch);
    }
    if (!watch.settled()) return { kind: 'unreachable', apiVersion: target.apiVersion, name, reason: 'not answered yet' };
    if (!watch.reachable()) return { kind: 'unreachable', apiVersion: target.apiVersion, name, reason: watch.problem() ?? 'no answer' };
    const object = target.name ? watch.list().find((o) => o.metadata?.name === target.name) : undefined;
    return { kind: 'read', apiVersion: target.apiVersion, name, ...(object ? { object: object as unknown as Json } : {}) };
  }

  function kustomizationOf(request: Json, all: readonly KubernetesObject[]): Json | undefined {
    const metadata = record(request.metadata);
    const label = labelValueOf(str(metadata.name));
    const candidates = all.filter((k) => k.metadata?.labels?.[REQUEST_LABEL] === label);
    const ocloud = requestOCloud(request);
    const best = candidates.find((k) => k.metadata?.annotations?.[OCLOUD_LABEL] === ocloud) ?? candidates[0];
    return best as unknown as Json | undefined;
  }

  async function reconcile(): Promise<void> {
    if (!requests.settled() || !kustomizations.settled()) return;
    const deliveries = kustomizations.list();
    const items = requests.list().map((o) => o as unknown as Json);
    const byDelivery = new Map<string, { request: Json; status?: RequestStatus }>();
    const computed = new Map<Json, RequestStatus>();
    // Cluster requests first: the workload requests read their statuses.
    const ordered = items
      .map((request) => ({ request, kustomization: kustomizationOf(request, deliveries) }))
      .sort(
        (a, b) =>
          Number(!a.kustomization || !provisioningRequestOf(a.kustomization)) -
          Number(!b.kustomization || !provisioningRequestOf(b.kustomization)),
      );
    for (const { request, kustomization } of ordered) {
      // Stopping abandons the pass: statuses are levels, the next start computes them again.
      if (stopped) return;
      const metadata = record(request.metadata);
      const key = `${str(metadata.namespace)}/${str(metadata.name)}`;
      let status: RequestStatus;
      if (!kustomization) status = requestStatus({ dependencies: [] });
      else {
        const kmeta = record(kustomization.metadata);
        const target = provisioningRequestOf(kustomization);
        const dependsOn = Array.isArray(record(kustomization.spec).dependsOn)
          ? (record(kustomization.spec).dependsOn as unknown[]).map(record)
          : [];
        const dependencies: Dependency[] = dependsOn.map((d) => {
          const found = byDelivery.get(`${str(d.namespace) || str(kmeta.namespace)}/${str(d.name)}`);
          return {
            request: found ? str(record(found.request.metadata).name) : str(d.name),
            ...(found?.status ? { status: found.status } : {}),
          };
        });
        const o2ims = target ? await o2imsView(kustomization, target) : undefined;
        const previousO2ims =
          lastO2ims.get(key) ??
          (record(record(request.status).o2ims).apiVersion ? (record(record(request.status).o2ims) as unknown as O2imsStatus) : undefined);
        status = requestStatus({ kustomization, dependencies, ...(o2ims ? { o2ims } : {}), ...(previousO2ims ? { previousO2ims } : {}) });
        if (status.o2ims?.phase) lastO2ims.set(key, status.o2ims);
        byDelivery.set(`${str(kmeta.namespace)}/${str(kmeta.name)}`, { request, status });
      }
      computed.set(request, status);
    }
    refreshSecrets = false;
    for (const [request, status] of computed) {
      if (stopped) return;
      await write(request, status);
    }
  }

  async function write(request: Json, status: RequestStatus): Promise<void> {
    const metadata = record(request.metadata);
    const previous = record(request.status);
    const generation = typeof metadata.generation === 'number' ? metadata.generation : undefined;
    const body = statusBody(status, generation, previous, new Date());
    if (!statusChanged(previous, body)) return;
    // A merge patch: keys this status no longer has are removed explicitly.
    const patch: Json = { ...body };
    for (const key of ['o2ims', 'remoteName']) if (previous[key] !== undefined && patch[key] === undefined) patch[key] = null;
    const [group, version] = REQUESTS.apiVersion.split('/');
    const name = str(metadata.name);
    const namespace = str(metadata.namespace);
    try {
      await custom.patchNamespacedCustomObjectStatus(
        { group: group, version: version, namespace, plural: REQUESTS.plural, name, body: { status: patch } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      const was = str(previous.phase) || 'none';
      options.log(`${namespace}/${name}: ${was === status.phase ? status.phase : `${was} -> ${status.phase}`}: ${status.message}`);
    } catch (error) {
      const code = (error as { code?: number }).code;
      options.log(`${namespace}/${name}: writing the status failed${code ? ` (HTTP ${code})` : ''}; retrying at the next change or resync`);
    }
  }

  const resync = setInterval(() => {
    refreshSecrets = true;
    schedule();
  }, options.resyncMs);

  return {
    async ready() {
      while (!stopped && !(requests.settled() && kustomizations.settled())) await new Promise((resolve) => setTimeout(resolve, 100));
    },
    async stop() {
      stopped = true;
      clearInterval(resync);
      clearTimeout(timer);
      await running.catch(() => undefined);
      const watches = [requests, kustomizations, ...[...oclouds.values()].flatMap((c) => [...c.watches.values()])];
      await Promise.all(watches.map((w) => w.stop()));
    },
  };
}
