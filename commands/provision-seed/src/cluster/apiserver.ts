/**
 * A real kube-apiserver with its own etcd, for one test file: both listen on 127.0.0.1 only, on
 * ports the kernel picked, with every file in a fresh temporary directory. `useApiServer()`
 * starts it in beforeAll and stops it in afterAll (apiserver first, then etcd), whatever the
 * tests did; a worker that exits early still kills both.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { type CommandResult, run } from './kpt';
import { locateKubeBinaries, type KubeBinaries } from './kube-binaries';
import { createKubeCredentials, type KubeCredentials, writeKubeconfig } from './kube-credentials';

export interface ApiServer {
  /** A kubeconfig file that reaches this server as a cluster admin. */
  kubeconfig: string;
  /** Runs the built kubectl against this server. */
  kubectl(args: readonly string[], options?: { input?: string }): CommandResult;
  /** Stops the apiserver, then etcd, and removes every file they used. Safe to call twice. */
  stop(): Promise<void>;
}

const START_ATTEMPTS = 3;
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 20_000;

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

export function useApiServer(): () => ApiServer {
  let server: ApiServer | undefined;
  beforeAll(async () => {
    server = await startApiServer();
  }, 3 * READY_TIMEOUT_MS);
  afterAll(async () => {
    await server?.stop();
  }, 3 * STOP_GRACE_MS);
  return () => {
    if (!server) throw new Error('the API server did not start: see the beforeAll error above');
    return server;
  };
}

export async function startApiServer(): Promise<ApiServer> {
  const binaries = locateKubeBinaries();
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(binaries);
    } catch (error) {
      // Another process may take a port between freePort() and the bind; try new ports.
      if (attempt >= START_ATTEMPTS || !String(error).includes('address already in use')) throw error;
    }
  }
}

async function startOnce(binaries: KubeBinaries): Promise<ApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'focom-apiserver-'));
  const processes: Supervised[] = [];
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
    const etcd = supervise('etcd', binaries.etcd, etcdArgs(dir, clientPort, peerPort), dir);
    processes.push(etcd);
    await waitUntil(etcd, () => httpOk(`${etcdUrl}/health`, (body) => body.includes('"health":"true"')));
    const apiserver = supervise('kube-apiserver', binaries.kubeApiserver, apiserverArgs(dir, etcdUrl, securePort, credentials), dir);
    processes.push(apiserver);
    await waitUntil(apiserver, () => httpsOk(`https://127.0.0.1:${securePort}/readyz`, credentials));
    const kubeconfig = join(dir, 'kubeconfig');
    writeKubeconfig(kubeconfig, securePort, credentials);
    return {
      kubeconfig,
      kubectl: (args, options = {}) =>
        run(binaries.kubectl, ['--kubeconfig', kubeconfig, ...args], options.input === undefined ? {} : { input: options.input }),
      stop,
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

/** count different ports, each free a moment ago. */
export async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** A child process whose output goes to a log file, and whose early exit is noticed. */
export interface Supervised {
  name: string;
  exited(): string | undefined;
  /** Everything the process wrote to stdout and stderr so far. */
  log(): string;
  logTail(): string;
  kill(): void;
  stop(): Promise<void>;
}

export function supervise(name: string, program: string, args: readonly string[], dir: string, env?: NodeJS.ProcessEnv): Supervised {
  const logFile = join(dir, `${name}.log`);
  const logFd = openSync(logFile, 'a');
  const child: ChildProcess = spawn(program, args, { cwd: dir, stdio: ['ignore', logFd, logFd], env: env ?? process.env });
  closeSync(logFd);
  let exit: string | undefined;
  const done = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
    child.once('error', (error) => {
      exit = `could not start: ${error.message}`;
      resolve();
    });
  });
  const log = (): string => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const logTail = (): string => log().split('\n').slice(-30).join('\n');
  return {
    name,
    exited: () => exit,
    log,
    logTail,
    kill: () => {
      if (exit === undefined) child.kill('SIGKILL');
    },
    stop: async () => {
      if (exit !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await done;
      clearTimeout(timer);
    },
  };
}

/** Polls ready() until it holds; fails with the log's tail when the child exits first or after timeoutMs. */
export async function waitUntil(child: Supervised, ready: () => Promise<boolean>, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const exit = child.exited();
    if (exit !== undefined) throw new Error(`${child.name} ${exit} before it was ready:\n${child.logTail()}`);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${child.name} was not ready after ${timeoutMs / 1000} s:\n${child.logTail()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function httpOk(url: string, accept: (body: string) => boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const request = httpGet(url, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(response.statusCode === 200 && accept(body)));
    });
    request.on('error', () => resolve(false));
    request.setTimeout(2_000, () => request.destroy());
  });
}

function httpsOk(url: string, credentials: KubeCredentials): Promise<boolean> {
  return new Promise((resolve) => {
    const request = httpsGet(
      url,
      { ca: readFileSync(credentials.caCert), headers: { Authorization: `Bearer ${credentials.token}` } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode === 200));
      },
    );
    request.on('error', () => resolve(false));
    request.setTimeout(2_000, () => request.destroy());
  });
}

/** The action, run at most once however often the returned function is called. */
export function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}
