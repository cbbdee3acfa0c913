import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildCommand, cacheDirectory, missingFromCache } from './cache-layout';

/** What `build.sh flux-kwok` leaves in its cache directory. */
export interface FluxKwokBinaries {
  sourceController: string;
  kustomizeController: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  kwok: string;
  /** Serves bare git repositories over smart HTTP (go/githttp). */
  githttp: string;
  /** kwok's stages: nodes become Ready and stay so, pods become Ready. */
  kwokStages: string;
  /** Flux's CRDs (GitRepository, Kustomization, ...), from the controllers' module source. */
  crds: string[];
}

/** FOCOM_FLUX_KWOK_HOME, else build.sh's cache directory (keyed by version). */
export function fluxKwokHome(): string {
  const explicit = process.env.FOCOM_FLUX_KWOK_HOME;
  if (explicit) return explicit;
  return cacheDirectory('flux-kwok');
}

/** What is missing from the cache directory (empty when everything is there). */
export function missingFluxKwok(home = fluxKwokHome()): string[] {
  return missingFromCache('flux-kwok', home);
}

export function locateFluxKwok(): FluxKwokBinaries {
  const home = fluxKwokHome();
  const missing = missingFluxKwok(home);
  if (missing.length > 0) {
    throw new Error(
      `this needs ${missing.join(', ')}. Run ${buildCommand('flux-kwok')} (it builds Flux, kwok and the edge control plane ` +
        `from the Go module proxy into ${home}, about 23 minutes cold on a busy 2-core machine), or set FOCOM_FLUX_KWOK_HOME to a directory laid out the same way.`,
    );
  }
  const bin = (name: string): string => join(home, 'bin', name);
  const crdDir = join(home, 'crds');
  return {
    sourceController: bin('source-controller'),
    kustomizeController: bin('kustomize-controller'),
    kubeControllerManager: bin('kube-controller-manager'),
    kubeScheduler: bin('kube-scheduler'),
    kwok: bin('kwok'),
    githttp: bin('githttp'),
    kwokStages: join(home, 'kwok-stages.yaml'),
    crds: readdirSync(crdDir)
      .filter((n) => n.endsWith('.yaml'))
      .sort()
      .map((n) => join(crdDir, n)),
  };
}
