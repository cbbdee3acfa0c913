/**
 * A real kube-apiserver with its own etcd: both listen on 127.0.0.1 only, on ports the kernel
 * picked, with every file in one directory (a fresh temporary one unless the caller names it).
 * `stop()` stops the apiserver first (it takes a few seconds), then etcd; if our process exits
 * early, both are killed unless they were released to outlive it.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateKubeBinaries, type KubeBinaries } from './kube-binaries';
import { createKubeCredentials, type KubeCredentials, writeKubeconfig } from './kube-credentials';
import { distinctFreePorts, httpOk, httpsOk, once, type Supervised, supervise, waitUntil } from './processes';
import { type CommandResult, run } from './run';

export interface ApiServer {
  /** A kubeconfig file that reaches this server as a cluster admin. */
  kubeconfig: string;
  /** https://127.0.0.1:<port> */
  url: string;
  /** The directory holding its certificates, data, logs and kubeconfig. */
  dir: string;
  credentials: KubeCredentials;
  binaries: KubeBinaries;
  /** etcd and kube-apiserver, in start order. */
  processes: readonly Supervised[];
  /** Runs the built kubectl against this server. */
  kubectl(args: readonly string[], options?: { input?: string }): CommandResult;
  /** Stops the apiserver, then etcd, and removes every file they used. Safe to call twice. */
  stop(): Promise<void>;
  /** Lets both processes outlive ours (provision-seed --keep). */
  release(): void;
  /**
   * Stops kube-apiserver and starts it again on the same port with the same data (etcd keeps
   * running): every watch on it is cut, as when a control plane is upgraded.
   */
  restart(): Promise<void>;
}

export interface ApiServerOptions {
  /** The directory to use (created if missing) instead of a fresh temporary one. */
  dir?: string;
  /** The kubeconfig's cluster and context name. */
  name?: string;
  /** Start the processes in their own process group (see SuperviseOptions). */
  detached?: boolean;
}

const START_ATTEMPTS = 3;

/**
 * Every admission plugin the apiserver enables by default except NamespaceLifecycle (objects
 * need their namespace) and PodSecurity (a restricted namespace warns about pods that break it):
 * without controllers, the others would only reject objects for reasons that have nothing to do
 * with the manifests (no default service account, no storage class).
 */
const DISABLED_ADMISSION_PLUGINS = [
  'LimitRanger',
  'ServiceAccount',
  'TaintNodesByCondition',
  'Priority',
  'DefaultTolerationSeconds',
  'DefaultStorageClass',
  'StorageObjectInUseProtection',
  'PersistentVolumeClaimResize',
  'RuntimeClass',
  'CertificateApproval',
  'CertificateSigning',
  'ClusterTrustBundleAttest',
  'CertificateSubjectRestriction',
  'DefaultIngressClass',
  'PodTopologyLabels',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionWebhook',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionWebhook',
  'ResourceQuota',
];

export async function startApiServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  const binaries = locateKubeBinaries();
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(binaries, options);
    } catch (error) {
      // Another process may take a port between freePort() and the bind; try new ports.
      if (attempt >= START_ATTEMPTS || !String(error).includes('address already in use')) throw error;
    }
  }
}

async function startOnce(binaries: KubeBinaries, options: ApiServerOptions): Promise<ApiServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'focom-apiserver-'));
  mkdirSync(dir, { recursive: true });
  const processes: Supervised[] = [];
  const detached = options.detached ?? false;
  const stop = once(async () => {
    process.removeListener('exit', killAll);
    for (const supervised of [...processes].reverse()) await supervised.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const killAll = (): void => processes.forEach((p) => p.kill());
  process.once('exit', killAll);
  try {
    const credentials = createKubeCredentials(dir);
    const [clientPort, peerPort, securePort] = await distinctFreePorts(3);
    const etcdUrl = `http://127.0.0.1:${clientPort}`;
    const etcd = supervise('etcd', binaries.etcd, etcdArgs(dir, clientPort, peerPort), dir, { detached });
    processes.push(etcd);
    await waitUntil(etcd, () => httpOk(`${etcdUrl}/health`, (body) => body.includes('"health":"true"')));
    const url = `https://127.0.0.1:${securePort}`;
    const startApiserver = async (): Promise<void> => {
      const apiserver = supervise('kube-apiserver', binaries.kubeApiserver, apiserverArgs(dir, etcdUrl, securePort, credentials), dir, {
        detached,
      });
      processes[1] = apiserver;
      await waitUntil(apiserver, () => httpsOk(`${url}/readyz`, credentials.caCert, credentials.token));
    };
    await startApiserver();
    const kubeconfig = join(dir, 'kubeconfig');
    writeKubeconfig(kubeconfig, securePort, credentials, options.name);
    return {
      kubeconfig,
      url,
      dir,
      credentials,
      binaries,
      processes,
      release: () => {
        process.removeListener('exit', killAll);
        processes.forEach((p) => p.release());
      },
      kubectl: (args, options = {}) =>
        run(binaries.kubectl, ['--kubeconfig', kubeconfig, ...args], options.input === undefined ? {} : { input: options.input }),
      stop,
      restart: async () => {
        await processes[1]?.stop();
        await startApiserver();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function etcdArgs(dir: string, clientPort: number, peerPort: number): string[] {
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  return [
    '--name=focom-test',
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=focom-test=${peer}`,
    '--initial-cluster-state=new',
    '--log-level=warn',
  ];
}

function apiserverArgs(dir: string, etcdUrl: string, securePort: number, c: KubeCredentials): string[] {
  return [
    `--etcd-servers=${etcdUrl}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${securePort}`,
    `--cert-dir=${join(dir, 'apiserver-certs')}`,
    `--tls-cert-file=${c.serverCert}`,
    `--tls-private-key-file=${c.serverKey}`,
    `--client-ca-file=${c.caCert}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${c.serviceAccountPublicKey}`,
    `--service-account-signing-key-file=${c.serviceAccountKey}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    // With loopback endpoints the default reconciler logs an error every 10 s.
    '--endpoint-reconciler-type=none',
    '--authorization-mode=AlwaysAllow',
    `--token-auth-file=${c.tokenFile}`,
    '--enable-admission-plugins=NamespaceLifecycle,PodSecurity',
    `--disable-admission-plugins=${DISABLED_ADMISSION_PLUGINS.join(',')}`,
    // The front proxy: how the server forwards requests to aggregated API servers (Porch), who
    // they come from in X-Remote-* headers, vouched for by the front-proxy client certificate.
    // No --enable-aggregator-routing: it would refuse the ExternalName Service Porch is reached by.
    `--requestheader-client-ca-file=${c.frontProxyCaCert}`,
    '--requestheader-allowed-names=front-proxy-client',
    '--requestheader-username-headers=X-Remote-User',
    '--requestheader-group-headers=X-Remote-Group',
    '--requestheader-extra-headers-prefix=X-Remote-Extra-',
    `--proxy-client-cert-file=${c.frontProxyClientCert}`,
    `--proxy-client-key-file=${c.frontProxyClientKey}`,
    // Debian's etcd 3.4 has no watch progress notifications, which WatchList relies on (without
    // this, Porch's watch on Repositories loops and they never sync).
    '--feature-gates=WatchList=false',
    '--profiling=false',
  ];
}
