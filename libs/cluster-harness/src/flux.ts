/**
 * Flux on the SMO cluster: its CRDs, and source-controller (fetches GitRepositories and serves
 * their artifacts on 127.0.0.1) and kustomize-controller (applies Kustomizations, to the edge
 * through their kubeConfig Secrets), as local processes with every address on 127.0.0.1.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiServer } from './apiserver';
import type { FluxKwokBinaries } from './flux-kwok-binaries';
import { distinctFreePorts, httpOk, type Supervised, supervise, waitUntil } from './processes';

export const FLUX_NAMESPACE = 'flux-system';

export interface Flux {
  processes: readonly Supervised[];
  stop(): Promise<void>;
  release(): void;
}

export function applyFluxCrds(smo: ApiServer, binaries: FluxKwokBinaries): void {
  const applied = smo.kubectl(['apply', '--server-side', ...binaries.crds.flatMap((f) => ['-f', f])]);
  if (applied.status !== 0) throw new Error(`kubectl apply of Flux's CRDs failed: ${applied.stderr}`);
  const ns = smo.kubectl(['create', 'namespace', FLUX_NAMESPACE]);
  if (ns.status !== 0 && !ns.stderr.includes('AlreadyExists')) throw new Error(`creating namespace ${FLUX_NAMESPACE} failed: ${ns.stderr}`);
  const established = smo.kubectl([
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    'crd/gitrepositories.source.toolkit.fluxcd.io',
    'crd/kustomizations.kustomize.toolkit.fluxcd.io',
  ]);
  if (established.status !== 0) throw new Error(`Flux's CRDs were not Established: ${established.stderr}`);
}

export async function startFlux(smo: ApiServer, binaries: FluxKwokBinaries, dir: string, detached: boolean): Promise<Flux> {
  const storage = join(dir, 'source-controller-storage');
  mkdirSync(storage, { recursive: true });
  const processes: Supervised[] = [];
  const killAll = (): void => processes.forEach((p) => p.kill());
  process.once('exit', killAll);
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killAll);
    for (const p of [...processes].reverse()) await p.stop();
  };
  // The controllers have no --kubeconfig flag: they read KUBECONFIG, and their own namespace from RUNTIME_NAMESPACE.
  const env = { ...process.env, KUBECONFIG: smo.kubeconfig, RUNTIME_NAMESPACE: FLUX_NAMESPACE };
  try {
    const [sMetrics, sHealth, storagePort, kMetrics, kHealth] = await distinctFreePorts(5);
    const source = supervise(
      'source-controller',
      binaries.sourceController,
      [
        '--watch-all-namespaces',
        `--metrics-addr=127.0.0.1:${sMetrics}`,
        `--health-addr=127.0.0.1:${sHealth}`,
        `--storage-addr=127.0.0.1:${storagePort}`,
        `--storage-adv-addr=127.0.0.1:${storagePort}`,
        `--storage-path=${storage}`,
        '--log-level=info',
      ],
      dir,
      { env, detached },
    );
    processes.push(source);
    const kustomize = supervise(
      'kustomize-controller',
      binaries.kustomizeController,
      [
        '--watch-all-namespaces',
        `--metrics-addr=127.0.0.1:${kMetrics}`,
        `--health-addr=127.0.0.1:${kHealth}`,
        '--log-level=info',
        // A Kustomization waiting for another (dependsOn) looks again after 5 s instead of 30 s.
        '--requeue-dependency=5s',
      ],
      dir,
      { env, detached },
    );
    processes.push(kustomize);
    await waitUntil(source, () => httpOk(`http://127.0.0.1:${sHealth}/readyz`), 90_000);
    await waitUntil(kustomize, () => httpOk(`http://127.0.0.1:${kHealth}/readyz`), 90_000);
    return {
      processes,
      stop,
      release: () => {
        process.removeListener('exit', killAll);
        processes.forEach((p) => p.release());
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
