/**
 * The Porch harness itself: every process it starts answers, and stop() leaves nothing behind
 * (no process, no file), as afterAll relies on whether the tests passed or not.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT, run } from '@focom/test-support/kpt';
import { startPorch } from '@focom/cluster-harness';
import { pipelineImages, waitFor } from '@focom/test-support/porch-packages';

/** The programs running as children of this test process (names as ps prints them, at most 15 characters). */
function children(): string[] {
  return run('ps', ['-o', 'comm=', '--ppid', String(process.pid)])
    .stdout.split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && l !== 'ps');
}

describe('the Porch harness', () => {
  it('serves porch.kpt.dev through kube-apiserver, registers a git repository, and cleans up after stop()', async () => {
    const porch = await startPorch({ images: pipelineImages(join(REPO_ROOT, 'packages', 'porch', 'focom-edge-site')) });
    let stopped = false;
    try {
      expect(children().sort()).toEqual(['etcd', 'kube-apiserver', 'porch', 'porch-function-'].sort());
      const resources = porch.kubectl(['api-resources', '--api-group=porch.kpt.dev', '-o', 'name']);
      expect(resources.stdout.split('\n')).toEqual(
        expect.arrayContaining(['packagerevisions.porch.kpt.dev', 'packagerevisionresources.porch.kpt.dev']),
      );
      const url = porch.createGitRepository('scratch');
      porch.registerRepository('scratch', url);
      // A listing taken right after `kubectl wait` saw Ready can still print False while Porch
      // re-syncs the new repository (seen in CI); it must show Ready soon after.
      const listing = await waitFor(porch, 'porchctl to list scratch as Ready', () => {
        const out = porch.porchctl(['repo', 'get', 'scratch']).stdout;
        return /scratch\s+git\s+Package\s+.*True\s+file:\/\//.test(out) ? out : undefined;
      });
      expect(listing).toContain('file://');

      const dirs = [porch.dir, dirname(porch.apiServer.kubeconfig)];
      await porch.stop();
      stopped = true;
      expect(children()).toEqual([]);
      for (const dir of dirs) expect(existsSync(dir)).toBe(false);
      await porch.stop(); // a second stop is harmless
    } finally {
      if (!stopped) await porch.stop();
    }
  });
});
