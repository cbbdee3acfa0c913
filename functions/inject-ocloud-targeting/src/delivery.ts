import type { KrmObject } from '@focom/krm-runtime';
import { labelValueOf } from '@focom/krm-runtime';
import { CLUSTER_NAME_ANNOTATION, OCLOUD_LABEL, type OCloud, REQUEST_LABEL, type SecretRef } from '@focom/domain';
import type { InjectSettings } from './config';

/** What one request's delivery needs to know. */
export interface DeliveryTarget {
  requestName: string;
  /** The request's generated folder, relative to the package. */
  generatedDir: string;
  workloadNamespace?: string;
  ocloud: OCloud;
  secretRef: SecretRef;
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
  return `${DELIVERY_DIR}/${target.secretRef.namespace || '_'}/${kind.toLowerCase()}_${deliveryName(target)}.yaml`;
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
 * in the Kustomization's own namespace, so it lives in the Secret's namespace.
 */
export function fluxKustomization(target: DeliveryTarget, settings: InjectSettings): KrmObject {
  const metadata: Record<string, unknown> = { name: deliveryName(target) };
  if (target.secretRef.namespace) metadata.namespace = target.secretRef.namespace;
  metadata.labels = labels(target);
  metadata.annotations = annotations(target);
  const spec: Record<string, unknown> = {
    interval: settings.interval,
    path: joinRepoPath(settings.repoPath, target.generatedDir),
    prune: true,
    // Ready only once the applied workloads are healthy (kstatus), within the timeout.
    wait: true,
    timeout: settings.timeout,
    sourceRef: { kind: 'GitRepository', name: settings.sourceName },
  };
  if (target.workloadNamespace) spec.targetNamespace = target.workloadNamespace;
  spec.kubeConfig = { secretRef: { name: target.secretRef.name, key: target.secretRef.key } };
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
