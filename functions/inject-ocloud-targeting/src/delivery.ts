import type { KrmObject } from '@focom/krm-runtime';
import { labelValueOf, shortenedName } from '@focom/krm-runtime';
import { CLUSTER_NAME_ANNOTATION, OCLOUD_LABEL, type OCloud, REQUEST_LABEL, type SecretRef } from '@focom/domain';
import type { HealthCheckExpr } from './cluster-first';
import type { InjectSettings } from './config';

/** What one request's delivery needs to know. */
export interface DeliveryTarget {
  requestName: string;
  /** The request's generated folder, relative to the package. */
  generatedDir: string;
  workloadNamespace?: string;
  ocloud: OCloud;
  /** The OCloud's kubeconfig Secret: Flux and Argo CD reach the edge with it; Config Sync runs there. */
  secretRef?: SecretRef;
  /** The cluster requests on the same OCloud this request's delivery waits for. */
  after: readonly string[];
  /** Health checks of the ProvisioningRequests a cluster request delivers. */
  healthChecks: readonly HealthCheckExpr[];
}

/** Delivery objects live apart from the workloads: the SMO syncs `delivery/`, never `generated/`. */
export const DELIVERY_DIR = 'delivery';

/**
 * The delivery object's name: the request's, shortened with a hash beyond 63 characters, since
 * Flux and Argo CD label everything they apply with it.
 */
export function deliveryName(target: Pick<DeliveryTarget, 'requestName'>): string {
  return labelValueOf(target.requestName);
}

export function deliveryFile(target: DeliveryTarget, kind: string): string {
  return `${DELIVERY_DIR}/${target.secretRef?.namespace || '_'}/${kind.toLowerCase()}_${deliveryName(target)}.yaml`;
}

function joinRepoPath(repoPath: string, dir: string): string {
  return `${repoPath.replace(/\/+$/, '')}/${dir}`;
}

function labels(target: DeliveryTarget): Record<string, string> {
  return { [REQUEST_LABEL]: labelValueOf(target.requestName), [OCLOUD_LABEL]: labelValueOf(target.ocloud.name) };
}

function annotations(target: DeliveryTarget): Record<string, string> {
  return { [OCLOUD_LABEL]: target.ocloud.name, [CLUSTER_NAME_ANNOTATION]: target.ocloud.name };
}

/**
 * A Flux Kustomization on the SMO that applies the request's folder to the edge cluster through
 * the OCloud's kubeconfig Secret (referenced, never read). Flux resolves `kubeConfig.secretRef`
 * in the Kustomization's own namespace, so it lives in the Secret's namespace. A workload
 * request's Kustomization depends on its cluster requests' (the same namespace, since they share
 * the OCloud): Flux's own readiness check, which also holds it back until they applied the same
 * source revision.
 */
export function fluxKustomization(target: DeliveryTarget, settings: InjectSettings): KrmObject {
  const metadata: Record<string, unknown> = { name: deliveryName(target) };
  const secretRef = target.secretRef!;
  if (secretRef.namespace) metadata.namespace = secretRef.namespace;
  metadata.labels = labels(target);
  metadata.annotations = annotations(target);
  const spec: Record<string, unknown> = {};
  if (target.after.length > 0) spec.dependsOn = target.after.map((name) => ({ name: deliveryName({ requestName: name }) }));
  Object.assign(spec, {
    interval: settings.interval,
    path: joinRepoPath(settings.repoPath, target.generatedDir),
    prune: true,
    // Ready only once the applied workloads are healthy (kstatus), within the timeout.
    wait: true,
    timeout: settings.timeout,
  });
  if (target.healthChecks.length > 0) spec.healthCheckExprs = target.healthChecks.map((check) => ({ ...check }));
  spec.sourceRef = { kind: 'GitRepository', name: settings.sourceName };
  if (target.workloadNamespace) spec.targetNamespace = target.workloadNamespace;
  spec.kubeConfig = { secretRef: { name: secretRef.name, key: secretRef.key } };
  return { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata, spec };
}

/** An Argo CD Application whose destination is the OCloud's API endpoint (seed dialect). */
export function argoApplication(target: DeliveryTarget, settings: InjectSettings, endpoint: string): KrmObject {
  const destination: Record<string, unknown> = { server: endpoint };
  if (target.workloadNamespace) destination.namespace = target.workloadNamespace;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: deliveryName(target), namespace: settings.argocdNamespace, labels: labels(target), annotations: annotations(target) },
    spec: {
      project: 'default',
      source: {
        repoURL: settings.repoURL,
        targetRevision: settings.targetRevision,
        path: joinRepoPath(settings.repoPath, target.generatedDir).replace(/^\.\//, ''),
      },
      destination,
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
}

/** Config Sync runs every RootSync from the namespace its reconcilers live in. */
export const CONFIG_SYNC_NAMESPACE = 'config-management-system';

/**
 * Config Sync runs a RootSync `<name>` as the reconciler `root-reconciler-<name>` (Deployment,
 * ServiceAccount and label value): 47 characters keep that a 63-character DNS label.
 */
const ROOT_SYNC_NAME_MAX = 63 - 'root-reconciler-'.length;

export function rootSyncName(target: Pick<DeliveryTarget, 'requestName'>): string {
  return shortenedName(target.requestName, ROOT_SYNC_NAME_MAX);
}

/**
 * Config Sync pulls from git on the edge cluster itself, so its objects are grouped by OCloud:
 * the edge's own root RootSync (installed with Config Sync, as Nephio bootstraps a workload
 * cluster) syncs `delivery/configsync/<ocloud>/`, which holds one RootSync per request.
 */
export function configSyncFile(target: DeliveryTarget): string {
  return `${DELIVERY_DIR}/configsync/${target.ocloud.name}/rootsync_${rootSyncName(target)}.yaml`;
}

/**
 * Config Sync's token Secret for an O-Cloud, named as Nephio names it for a workload cluster
 * (`<cluster>-access-token-configsync`), looked up in config-management-system on the edge.
 */
export function configSyncSecretName(target: Pick<DeliveryTarget, 'ocloud'>): string {
  return shortenedName(`${target.ocloud.name}-access-token-configsync`, 253);
}

/**
 * A Config Sync RootSync (configsync.gke.io/v1beta1) that syncs the request's folder from git
 * onto the edge cluster, unstructured (plain manifests, as kpt writes them). A RootSync rather
 * than a RepoSync: a request's folder holds its Namespace and may hold cluster-scoped objects,
 * which a RepoSync (confined to its own namespace) cannot apply.
 */
export function configSyncRootSync(target: DeliveryTarget, settings: InjectSettings): KrmObject {
  const git: Record<string, unknown> = {
    repo: settings.repoURL,
    branch: settings.targetRevision,
    dir: joinRepoPath(settings.repoPath, target.generatedDir).replace(/^\.\/?/, '/'),
    auth: settings.gitAuth,
  };
  if (settings.gitAuth !== 'none') git.secretRef = { name: configSyncSecretName(target) };
  return {
    apiVersion: 'configsync.gke.io/v1beta1',
    kind: 'RootSync',
    metadata: { name: rootSyncName(target), namespace: CONFIG_SYNC_NAMESPACE, labels: labels(target), annotations: annotations(target) },
    spec: { sourceFormat: 'unstructured', sourceType: 'git', git },
  };
}
