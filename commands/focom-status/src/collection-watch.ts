/**
 * One collection of objects on one API server, kept current by client-node's ListWatch (a list,
 * then a watch from its resourceVersion). A failed list or watch is started again with backoff
 * (1 s doubling to 30 s); the API server answering 410 Gone makes ListWatch list afresh, so a
 * reconnect never keeps a stale copy. Whether the server answered the last list is kept, with
 * the error when it did not.
 */
import { KubeConfig, type KubernetesObject, KubernetesObjectApi, ListWatch, Watch } from '@kubernetes/client-node';

export interface CollectionSpec {
  apiVersion: string;
  kind: string;
  /** The resource's plural, as in its API path. */
  plural: string;
  /** Undefined: every namespace (or a cluster-scoped resource). */
  namespace?: string;
  labelSelector?: string;
}

export interface CollectionWatch {
  list(): readonly KubernetesObject[];
  /** True once a list succeeded and no error came since. */
  reachable(): boolean;
  /** The last error, when the collection could not be listed or watched. */
  problem(): string | undefined;
  /** True once the first list answered (or failed). */
  settled(): boolean;
  stop(): Promise<void>;
}

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

export function watchCollection(config: KubeConfig, spec: CollectionSpec, onChange: () => void): CollectionWatch {
  const api = KubernetesObjectApi.makeApiClient(config);
  const prefix = spec.apiVersion.includes('/') ? `/apis/${spec.apiVersion}` : `/api/${spec.apiVersion}`;
  const path = spec.namespace ? `${prefix}/namespaces/${spec.namespace}/${spec.plural}` : `${prefix}/${spec.plural}`;
  let ok = false;
  let settled = false;
  let lastProblem: string | undefined;
  let stopped = false;
  let retryMs = FIRST_RETRY_MS;
  let retry: NodeJS.Timeout | undefined;

  // A new ListWatch for every start: it lists afresh, so reachability is proven by an answer.
  let listWatch: ListWatch<KubernetesObject>;
  let lastSeen: readonly KubernetesObject[] = [];
  const begin = (): void => {
    listWatch = new ListWatch<KubernetesObject>(
      path,
      new Watch(config),
      async () => {
        const listed = await api.list(
          spec.apiVersion,
          spec.kind,
          spec.namespace,
          undefined,
          undefined,
          undefined,
          undefined,
          spec.labelSelector,
        );
        ok = true;
        settled = true;
        lastProblem = undefined;
        retryMs = FIRST_RETRY_MS;
        // After ListWatch has taken the listed items in.
        setImmediate(onChange);
        return listed;
      },
      false,
      spec.labelSelector,
    );
    listWatch.on('change', onChange);
    listWatch.on('error', (error: unknown) => {
      if (stopped) return;
      if (ok) lastSeen = listWatch.list();
      ok = false;
      settled = true;
      lastProblem = describe(error);
      onChange();
      clearTimeout(retry);
      void listWatch.stop().catch(() => undefined);
      retry = setTimeout(() => {
        if (!stopped) begin();
      }, retryMs);
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    });
    void listWatch.start().catch(() => undefined);
  };
  begin();

  return {
    // While unreachable, what was last seen is kept: nothing is taken for deleted.
    list: () => (ok ? listWatch.list() : lastSeen),
    reachable: () => ok,
    problem: () => lastProblem,
    settled: () => settled,
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await listWatch.stop();
    },
  };
}

export function kubeConfigFromFile(file: string | undefined): KubeConfig {
  const config = new KubeConfig();
  if (file === undefined) config.loadFromDefault();
  else config.loadFromFile(file);
  return config;
}

export function kubeConfigFromString(text: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromString(text);
  return config;
}
