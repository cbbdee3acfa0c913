/**
 * The harness itself: a real kube-apiserver with its own etcd, on 127.0.0.1 only, reachable
 * with the kubeconfig it writes, and gone (processes and files) after stop().
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { accepts, kubeVersion, startApiServer } from '@focom/cluster-harness';

describe('the real API server harness', () => {
  it('starts etcd and kube-apiserver on loopback, serves kubectl, and cleans up after stop()', async () => {
    const server = await startApiServer();
    let stopped = false;
    try {
      const kubeconfig = readFileSync(server.kubeconfig, 'utf8');
      expect(kubeconfig).toMatch(/server: https:\/\/127\.0\.0\.1:\d+\n/);
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(kubeconfig)![1]);
      expect(await accepts(port)).toBe(true);

      const version = server.kubectl(['version', '-o', 'json']);
      expect(version.stderr).toBe('');
      const { serverVersion } = JSON.parse(version.stdout) as { serverVersion: { gitVersion: string } };
      expect(serverVersion.gitVersion).toBe(kubeVersion());

      const namespaces = server.kubectl(['get', 'namespaces', '-o', 'name']);
      expect(namespaces.stdout.split('\n')).toEqual(expect.arrayContaining(['namespace/default', 'namespace/kube-system']));

      const dir = dirname(server.kubeconfig);
      await server.stop();
      stopped = true;
      expect(existsSync(dir)).toBe(false);
      expect(await accepts(port)).toBe(false);
      await server.stop(); // a second stop is harmless
    } finally {
      if (!stopped) await server.stop();
    }
  });
});
