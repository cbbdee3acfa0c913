import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { buildCommand, cacheDirectory, layoutVersion, missingFromCache } from './cache-layout';

/** Where the real API server tests find their programs. */
export interface KubeBinaries {
  kubeApiserver: string;
  kubectl: string;
  etcd: string;
}

/** The Kubernetes version the wrapper module (go/kube-apiserver) builds: the one place it is written down. */
export function kubeVersion(): string {
  return layoutVersion('kube');
}

/** FOCOM_KUBE_BIN, else the bin/ directory of build.sh's cache (keyed by version). */
export function kubeBinDir(): string {
  const explicit = process.env.FOCOM_KUBE_BIN;
  if (explicit) return explicit;
  return join(cacheDirectory('kube-apiserver'), 'bin');
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * Finds kube-apiserver and kubectl (never a kubectl from PATH: it may be another version) and
 * etcd (beside them, else on PATH). Missing programs fail loudly with how to get them.
 */
export function locateKubeBinaries(): KubeBinaries {
  const dir = kubeBinDir();
  const kubeApiserver = join(dir, 'kube-apiserver');
  const kubectl = join(dir, 'kubectl');
  const etcd = existsSync(join(dir, 'etcd')) ? join(dir, 'etcd') : onPath('etcd');
  const missing = [...missingFromCache('kube-apiserver', dir, dir), ...(etcd ? [] : ['etcd (on PATH or in the same directory)'])];
  if (missing.length > 0 || !etcd) {
    throw new Error(
      `this needs ${missing.join(', ')}. Run ${buildCommand('kube-apiserver')} (it builds kube-apiserver and kubectl ` +
        `${kubeVersion()} from the Go module proxy into ${dir}, about 7 minutes cold, and installs Debian's etcd-server), ` +
        'or set FOCOM_KUBE_BIN to a directory holding kube-apiserver and kubectl.' +
        (process.env.CI ? ' CI must run the build script before the tests (.ci/run does).' : ''),
    );
  }
  return { kubeApiserver, kubectl, etcd };
}
