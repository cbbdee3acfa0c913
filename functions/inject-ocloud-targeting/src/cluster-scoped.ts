/** Kinds that have no namespace; everything else generated lands in the workload namespace. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'ProvisioningRequest', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'StorageClass',
  'PersistentVolume', 'PriorityClass', 'RuntimeClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'IngressClass', 'CSIDriver', 'APIService', 'Node',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}
