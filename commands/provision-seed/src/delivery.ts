/**
 * The SMO-side objects that start delivery: the edge kubeconfig as each OCloud's Secret, and per
 * namespace holding delivery objects a GitRepository on the local git server and a root Flux
 * Kustomization applying the package's delivery/<namespace> folder to the SMO. Those delivery
 * objects (one Flux Kustomization per request, from inject-ocloud-targeting) then apply each
 * request's generated folder to the edge.
 *
 * The root Kustomization patches every delivery Kustomization with `wait: true` and a timeout,
 * so Flux health-checks what it applied and a workload that never becomes Ready fails with
 * Flux's message; once inject-ocloud-targeting emits `wait` itself, the patch changes nothing.
 */
import type { SecretTarget } from './package';
import { SOURCE_NAME } from './package';

export const ROOT_KUSTOMIZATION = 'focom-delivery';

export function kubeconfigSecret(target: SecretTarget, kubeconfig: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: target.name, namespace: target.namespace, labels: { 'focom.nephio.org/ocloud': target.ocloud } },
    type: 'Opaque',
    stringData: { [target.key]: kubeconfig },
  });
}

export function namespaceObject(name: string): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

export function gitRepository(namespace: string, url: string): string {
  return JSON.stringify({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: SOURCE_NAME, namespace },
    spec: { url, ref: { branch: 'main' }, interval: '10s', timeout: '20s' },
  });
}

/** The root Kustomization: the package's delivery/<namespace> folder, applied to the SMO. */
export function rootKustomization(namespace: string, packageName: string, healthTimeoutSeconds: number): string {
  const patch = [
    { op: 'add', path: '/spec/wait', value: true },
    { op: 'add', path: '/spec/timeout', value: `${healthTimeoutSeconds}s` },
    // Retry soon after a failure instead of after the 10 minutes of the request's interval.
    { op: 'add', path: '/spec/retryInterval', value: '30s' },
  ];
  return JSON.stringify({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: ROOT_KUSTOMIZATION, namespace },
    spec: {
      interval: '1m',
      path: `./${packageName}/delivery/${namespace}`,
      prune: true,
      sourceRef: { kind: 'GitRepository', name: SOURCE_NAME },
      patches: [{ patch: JSON.stringify(patch), target: { group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization' } }],
    },
  });
}
