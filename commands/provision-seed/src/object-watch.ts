/**
 * Live copies of Kubernetes objects, kept by watches (client-node's ListWatch) instead of
 * re-reading them with kubectl: each collection (one kind in one namespace of one cluster) is
 * listed once, then kept current by the watch's events. A watch that fails is started again a
 * second later from the last resourceVersion; when that is too old the API server answers 410
 * Gone and the collection is listed afresh, so a reconnect never leaves a stale copy.
 */
import { KubeConfig, type KubernetesObject, KubernetesObjectApi, ListWatch, Watch } from '@kubernetes/client-node';

export interface Collection {
  apiVersion: string;
  kind: string;
  /** The resource's plural, as in its API path (`deployments`). */
  plural: string;
  namespace: string;
}

const RESTART_MS = 1_000;

export interface ObjectWatches {
  /** The object as last seen, or undefined when it does not exist (or was not listed yet). */
  get(kubeconfig: string, collection: Collection, name: string): Record<string, unknown> | undefined;
  /** Whether every collection asked for was read once (or failed to be). */
  read(): boolean;
  /** Resolves when any watched object changes, when a collection is first read, or after `ms`. */
  changed(ms: number): Promise<void>;
  stop(): void;
}

export function objectWatches(): ObjectWatches {
  const watches = new Map<string, { listWatch: ListWatch<KubernetesObject>; read: boolean }>();
  let wake: (() => void) | undefined;
  let pending = false;
  let stopped = false;
  const notify = (): void => {
    pending = true;
    wake?.();
  };

  function start(kubeconfig: string, collection: Collection): { listWatch: ListWatch<KubernetesObject>; read: boolean } {
    const config = new KubeConfig();
    config.loadFromFile(kubeconfig);
    const api = KubernetesObjectApi.makeApiClient(config);
    const group = collection.apiVersion.includes('/') ? `/apis/${collection.apiVersion}` : `/api/${collection.apiVersion}`;
    const path = `${group}/namespaces/${collection.namespace}/${collection.plural}`;
    const entry = {
      read: false,
      listWatch: new ListWatch<KubernetesObject>(
        path,
        new Watch(config),
        async () => {
          const list = await api.list(collection.apiVersion, collection.kind, collection.namespace);
          // After ListWatch has taken the listed items in.
          setImmediate(() => {
            entry.read = true;
            notify();
          });
          return list;
        },
        false,
      ),
    };
    entry.listWatch.on('change', notify);
    entry.listWatch.on('error', () => {
      // Unreadable counts as read: the objects are then absent, as a failing `kubectl get` made them.
      entry.read = true;
      notify();
      if (!stopped) setTimeout(() => void (stopped ? undefined : entry.listWatch.start()), RESTART_MS).unref();
    });
    void entry.listWatch.start();
    return entry;
  }

  return {
    get(kubeconfig, collection, name) {
      const key = `${kubeconfig}\n${collection.apiVersion}\n${collection.kind}\n${collection.namespace}`;
      let entry = watches.get(key);
      if (!entry) {
        entry = start(kubeconfig, collection);
        watches.set(key, entry);
      }
      return entry.listWatch.get(name, collection.namespace) as Record<string, unknown> | undefined;
    },
    read() {
      return [...watches.values()].every((entry) => entry.read);
    },
    async changed(ms) {
      if (!pending) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ms);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      wake = undefined;
      pending = false;
    },
    stop() {
      stopped = true;
      for (const { listWatch } of watches.values()) void listWatch.stop();
      wake?.();
    },
  };
}
