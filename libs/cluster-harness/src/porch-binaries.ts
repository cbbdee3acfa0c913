import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildCommand, cacheDirectory, layoutVersion, missingFromCache } from './cache-layout';

/** What `build.sh porch` leaves in its cache directory. */
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

/** The Porch version the wrapper module (go/porch) builds: the one place it is written down. */
export function porchVersion(): string {
  return layoutVersion('porch');
}

/** FOCOM_PORCH_HOME, else build.sh's cache directory (keyed by version). */
export function porchHome(): string {
  const explicit = process.env.FOCOM_PORCH_HOME;
  if (explicit) return explicit;
  return cacheDirectory('porch');
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
  const missing = missingFromCache('porch', home).filter((path) => path !== crdDir);
  const crds = existsSync(crdDir) ? readdirSync(crdDir).filter((n) => n.endsWith('.yaml')) : [];
  if (crds.length === 0) missing.push(`${crdDir}/*.yaml`);
  if (missing.length > 0) {
    throw new Error(
      `this needs ${missing.join(', ')}. Run ${buildCommand('porch')} (it builds Porch ${porchVersion()} from the Go ` +
        `module proxy into ${home}, about 10 minutes cold), or set FOCOM_PORCH_HOME to a directory laid out the same way.` +
        (process.env.CI ? ' CI must run the build script before the tests (.ci/run does).' : ''),
    );
  }
  return { ...binaries, crds: crds.sort().map((n) => join(crdDir, n)) };
}
