/**
 * The edge cluster: kube-apiserver (with etcd), kube-controller-manager (Deployments become
 * ReplicaSets and Pods), kube-scheduler (kwok does not schedule) and kwok, which plays the
 * kubelet of fake Nodes with realistic capacity: their pods are scheduled against real requests,
 * nodeSelectors and spread constraints, and become Ready without running anything.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ApiServer, startApiServer } from './apiserver';
import { accepts } from './free-port';
import type { FluxKwokBinaries } from './flux-kwok-binaries';
import { distinctFreePorts, type Supervised, supervise, waitUntil } from './processes';

export interface EdgeCluster {
  apiServer: ApiServer;
  /** Every process, the API server's first, in start order. */
  processes(): readonly Supervised[];
  /** A kubeconfig with the CA embedded and a token: what the SMO's Secret holds. */
  portableKubeconfig(): string;
  stop(): Promise<void>;
  release(): void;
}

export interface EdgeOptions {
  dir: string;
  nodes: number;
  detached: boolean;
}

export const FAKE_NODE_CAPACITY = { cpu: '16', memory: '64Gi', pods: '110' } as const;

/** The fake Nodes, each annotated for kwok and labelled like a real worker. */
export function fakeNodes(count: number): string {
  return Array.from({ length: count }, (_, i) => {
    const name = `edge-node-${i + 1}`;
    return [
      'apiVersion: v1',
      'kind: Node',
      'metadata:',
      `  name: ${name}`,
      '  annotations:',
      '    kwok.x-k8s.io/node: fake',
      '    node.alpha.kubernetes.io/ttl: "0"',
      '  labels:',
      '    type: kwok',
      `    kubernetes.io/hostname: ${name}`,
      '    kubernetes.io/os: linux',
      '    kubernetes.io/arch: amd64',
      '    node-role.kubernetes.io/worker: ""',
      `    topology.kubernetes.io/zone: edge-zone-${(i % 3) + 1}`,
      'status:',
      '  allocatable:',
      `    cpu: "${FAKE_NODE_CAPACITY.cpu}"`,
      `    memory: ${FAKE_NODE_CAPACITY.memory}`,
      `    pods: "${FAKE_NODE_CAPACITY.pods}"`,
      '  capacity:',
      `    cpu: "${FAKE_NODE_CAPACITY.cpu}"`,
      `    memory: ${FAKE_NODE_CAPACITY.memory}`,
      `    pods: "${FAKE_NODE_CAPACITY.pods}"`,
      '  nodeInfo:',
      '    kubeletVersion: fake',
      '    kubeProxyVersion: fake',
      '    operatingSystem: linux',
      '    architecture: amd64',
    ].join('\n');
  }).join('\n---\n');
}

export async function startEdge(binaries: FluxKwokBinaries, options: EdgeOptions): Promise<EdgeCluster> {
  const apiServer = await startApiServer({ dir: join(options.dir, 'apiserver'), name: 'focom-edge', detached: options.detached });
  const processes: Supervised[] = [];
  const killAll = (): void => processes.forEach((p) => p.kill());
  process.once('exit', killAll);
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      process.removeListener('exit', killAll);
      for (const p of [...processes].reverse()) await p.stop();
      await apiServer.stop();
    })());
  const dir = apiServer.dir;
  const env = { ...process.env, KUBECONFIG: apiServer.kubeconfig };
  const spawnOptions = { env, detached: options.detached };
  try {
    const [kcmPort, schedulerPort, kwokPort] = await distinctFreePorts(3);
    const c = apiServer.credentials;
    const kcm = supervise(
      'kube-controller-manager',
      binaries.kubeControllerManager,
      [
        `--kubeconfig=${apiServer.kubeconfig}`,
        '--controllers=*',
        '--leader-elect=false',
        '--use-service-account-credentials=false',
        `--service-account-private-key-file=${c.serviceAccountKey}`,
        `--root-ca-file=${c.caCert}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${kcmPort}`,
      ],
      dir,
      spawnOptions,
    );
    processes.push(kcm);
    const scheduler = supervise(
      'kube-scheduler',
      binaries.kubeScheduler,
      [`--kubeconfig=${apiServer.kubeconfig}`, '--leader-elect=false', '--bind-address=127.0.0.1', `--secure-port=${schedulerPort}`],
      dir,
      spawnOptions,
    );
    processes.push(scheduler);
    const kwok = supervise(
      'kwok',
      binaries.kwok,
      [
        `--kubeconfig=${apiServer.kubeconfig}`,
        `--config=${binaries.kwokStages}`,
        '--manage-all-nodes=false',
        '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
        // Keep the fake pod IPs off the service range (10.0.0.0/24).
        '--cidr=10.244.0.0/16',
        '--node-ip=127.0.0.1',
        `--server-address=127.0.0.1:${kwokPort}`,
      ],
      dir,
      spawnOptions,
    );
    processes.push(kwok);
    await waitUntil(kcm, () => accepts(kcmPort));
    await waitUntil(scheduler, () => accepts(schedulerPort));
    const nodesFile = join(dir, 'fake-nodes.yaml');
    writeFileSync(nodesFile, fakeNodes(options.nodes));
    const created = apiServer.kubectl(['apply', '-f', nodesFile]);
    if (created.status !== 0) throw new Error(`creating the fake nodes failed: ${created.stderr}`);
    const ready = apiServer.kubectl(['wait', '--for=condition=Ready', 'nodes', '--all', '--timeout=60s']);
    if (ready.status !== 0)
      throw new Error(`the fake nodes did not become Ready (kwok log: ${kwok.logFile}): ${ready.stderr}\n${kwok.logTail()}`);
    return {
      apiServer,
      processes: () => [...apiServer.processes, ...processes],
      portableKubeconfig: () => portableKubeconfig(apiServer),
      stop,
      release: () => {
        process.removeListener('exit', killAll);
        apiServer.release();
        processes.forEach((p) => p.release());
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The edge kubeconfig with its CA embedded (certificate-authority-data): valid wherever it is read. */
export function portableKubeconfig(apiServer: ApiServer): string {
  const ca = readFileSync(apiServer.credentials.caCert).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: focom-edge',
    '  cluster:',
    `    server: ${apiServer.url}`,
    `    certificate-authority-data: ${ca}`,
    'users:',
    '- name: focom-edge-admin',
    '  user:',
    `    token: ${apiServer.credentials.token}`,
    'contexts:',
    '- name: focom-edge',
    '  context: {cluster: focom-edge, user: focom-edge-admin}',
    'current-context: focom-edge',
    '',
  ].join('\n');
}
