import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { repoRoot } from './run';

/** Where the real API server tests find their programs. */
export interface KubeBinaries {
  kubeApiserver: string;
  kubectl: string;
  etcd: string;
}

export const INSTALL_SCRIPT = 'scripts/ci/install-kube-apiserver.sh';
const wrapperGoMod = (): string => join(repoRoot(), 'test', 'apiserver', 'build', 'go.mod');

/** The Kubernetes version the wrapper module builds: the one place it is written down. */
export function kubeVersion(): string {
  const found = /^require k8s\.io\/kubernetes (v\S+)$/m.exec(readFileSync(wrapperGoMod(), 'utf8'));
  if (!found) throw new Error(`${wrapperGoMod()} does not require k8s.io/kubernetes on a line of its own`);
  return found[1];
}

/** FOCOM_KUBE_BIN, else the install script's cache directory (keyed by version). */
export function kubeBinDir(): string {
  const explicit = process.env.FOCOM_KUBE_BIN;
  if (explicit) return explicit;
  const cache = process.env.FOCOM_CACHE || join(homedir(), '.cache', 'focom');
  return join(cache, `kube-apiserver-${kubeVersion()}`, 'bin');
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
  const missing = [
    existsSync(kubeApiserver) ? undefined : kubeApiserver,
    existsSync(kubectl) ? undefined : kubectl,
    etcd ? undefined : 'etcd (on PATH or in the same directory)',
  ].filter((m): m is string => m !== undefined);
  if (missing.length > 0 || !etcd) {
    throw new Error(
      `this needs ${missing.join(', ')}. Run ${INSTALL_SCRIPT} (it builds kube-apiserver and kubectl ` +
        `${kubeVersion()} from the Go module proxy into ${dir}, about 7 minutes cold, and installs Debian's etcd-server), ` +
        'or set FOCOM_KUBE_BIN to a directory holding kube-apiserver and kubectl.' +
        (process.env.CI ? ' CI must run the install script before the tests (.ci/run does).' : ''),
    );
  }
  return { kubeApiserver, kubectl, etcd };
}
