import { CLCM_API_VERSION, O2IMS_API_VERSION } from '@focom/domain';
import { KUBERNETES_CLUSTER_SCOPED } from './kubernetes-cluster-scoped';

/**
 * Kinds that have no namespace, by API group: Kubernetes' built-in ones (generated from its API
 * paths, kubernetes-cluster-scoped.ts) and the O2IMS ProvisioningRequest (either API generation)
 * that a template outside the library expands to. Everything else generated lands in the workload namespace.
 */
const CLUSTER_SCOPED: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ...Object.entries(KUBERNETES_CLUSTER_SCOPED).map(([group, kinds]) => [group, new Set(kinds)] as const),
  [O2IMS_API_VERSION.split('/')[0], new Set(['ProvisioningRequest'])],
  [CLCM_API_VERSION.split('/')[0], new Set(['ProvisioningRequest'])],
]);

export function isClusterScoped(group: string, kind: string): boolean {
  return CLUSTER_SCOPED.get(group)?.has(kind) ?? false;
}
