import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './run';

/** What scripts/ci/install-porch.sh leaves in its cache directory. */
export interface PorchBinaries {
  /** The Porch API server (aggregated into kube-apiserver). */
  porch: string;
  porchctl: string;
  /** Porch's function runner (func/server), which the tests run with its exec evaluator only. */
  functionRunner: string;
  /** porch-controllers: the PackageVariant and PackageVariantSet reconcilers. */
  controllers: string;
  /** The kpt catalog's apply-replacements at the version Porch links in as a built-in function. */
  applyReplacements: string;
  /** Porch's CRDs (Repository, PackageRev, PackageVariant, PackageVariantSet), from the same module source. */
  crds: string[];
}

export const PORCH_INSTALL_SCRIPT = 'scripts/ci/install-porch.sh';
const wrapperGoMod = (): string => join(repoRoot(), 'test', 'porch', 'build', 'go.mod');

/** The Porch version the wrapper module builds: the one place it is written down. */
export function porchVersion(): string {
  const found = /^\s*(?:require\s+)?github\.com\/nephio-project\/porch (v\S+)$/m.exec(readFileSync(wrapperGoMod(), 'utf8'));
  if (!found) throw new Error(`${wrapperGoMod()} does not require github.com/nephio-project/porch`);
  return found[1];
}

/** FOCOM_PORCH_HOME, else the install script's cache directory (keyed by version). */
export function porchHome(): string {
  const explicit = process.env.FOCOM_PORCH_HOME;
  if (explicit) return explicit;
  const cache = process.env.FOCOM_CACHE || join(homedir(), '.cache', 'focom');
  return join(cache, `porch-${porchVersion()}`);
}

/** Finds the Porch binaries and CRDs; missing ones fail loudly with how to get them. */
export function locatePorchBinaries(): PorchBinaries {
  const home = porchHome();
  const bin = (name: string): string => join(home, 'bin', name);
  const binaries = {
    porch: bin('porch'),
    porchctl: bin('porchctl'),
    functionRunner: bin('porch-function-runner'),
    controllers: bin('porch-controllers'),
    applyReplacements: bin('apply-replacements'),
  };
  const crdDir = join(home, 'crds');
  const missing = Object.values(binaries).filter((path) => !existsSync(path));
  const crds = existsSync(crdDir) ? readdirSync(crdDir).filter((n) => n.endsWith('.yaml')) : [];
  if (crds.length === 0) missing.push(`${crdDir}/*.yaml`);
  if (missing.length > 0) {
    throw new Error(
      `this needs ${missing.join(', ')}. Run ${PORCH_INSTALL_SCRIPT} (it builds Porch ${porchVersion()} from the Go ` +
        `module proxy into ${home}, about 10 minutes cold), or set FOCOM_PORCH_HOME to a directory laid out the same way.` +
        (process.env.CI ? ' CI must run the install script before the tests (.ci/run does).' : ''),
    );
  }
  return { ...binaries, crds: crds.sort().map((n) => join(crdDir, n)) };
}
