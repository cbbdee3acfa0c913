import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './run';

/** What scripts/ci/install-flux-kwok.sh leaves in its cache directory. */
export interface FluxKwokBinaries {
  sourceController: string;
  kustomizeController: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  kwok: string;
  /** Serves bare git repositories over smart HTTP (scripts/cluster/build/githttp). */
  githttp: string;
  /** kwok's stages: nodes become Ready and stay so, pods become Ready. */
  kwokStages: string;
  /** Flux's CRDs (GitRepository, Kustomization, ...), from the controllers' module source. */
  crds: string[];
}

export const FLUX_KWOK_INSTALL_SCRIPT = 'scripts/ci/install-flux-kwok.sh';
const KWOK_VERSION = 'v0.8.0';

function requiredVersion(module: string, goMod: string): string {
  const file = join(repoRoot(), 'scripts', 'cluster', 'build', goMod, 'go.mod');
  const escaped = module.replace(/[.\\/]/g, (c) => `\\${c}`);
  const found = new RegExp(`^\\s*(?:require\\s+)?${escaped} (v\\S+)$`, 'm').exec(readFileSync(file, 'utf8'));
  if (!found) throw new Error(`${file} does not require ${module}`);
  return found[1];
}

/** The cache key the install script uses: the versions from the wrapper modules' go.mod files. */
export function fluxKwokKey(): string {
  const flux = requiredVersion('github.com/fluxcd/source-controller', 'source-controller');
  const kube = requiredVersion('k8s.io/kubernetes', 'edge-control-plane');
  return `flux-${flux}-kwok-${KWOK_VERSION}-kube-${kube}`;
}

/** FOCOM_FLUX_KWOK_HOME, else the install script's cache directory (keyed by version). */
export function fluxKwokHome(): string {
  const explicit = process.env.FOCOM_FLUX_KWOK_HOME;
  if (explicit) return explicit;
  const cache = process.env.FOCOM_CACHE || join(homedir(), '.cache', 'focom');
  return join(cache, fluxKwokKey());
}

/** What is missing from the cache directory (empty when everything is there). */
export function missingFluxKwok(home = fluxKwokHome()): string[] {
  const names = ['source-controller', 'kustomize-controller', 'kube-controller-manager', 'kube-scheduler', 'kwok', 'githttp'];
  const missing = names.map((n) => join(home, 'bin', n)).filter((p) => !existsSync(p));
  if (!existsSync(join(home, 'kwok-stages.yaml'))) missing.push(join(home, 'kwok-stages.yaml'));
  if (!existsSync(join(home, 'crds'))) missing.push(join(home, 'crds'));
  return missing;
}

export function locateFluxKwok(): FluxKwokBinaries {
  const home = fluxKwokHome();
  const missing = missingFluxKwok(home);
  if (missing.length > 0) {
    throw new Error(
      `this needs ${missing.join(', ')}. Run ${FLUX_KWOK_INSTALL_SCRIPT} (it builds Flux, kwok and the edge control plane ` +
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
