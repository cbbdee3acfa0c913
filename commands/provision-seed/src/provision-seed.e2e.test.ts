/**
 * provision-seed end to end, as a user runs it (bin/provision-seed in a child process): the seed
 * package to Ready on kwok fake nodes, its status visible through kubectl, and each failure the
 * issue names as a failure a user can act on: a workload nothing can schedule (at the status
 * phase, with Flux's health-check message and the request named), an invalid request (at the
 * Porch push, with the function's message), and a missing tool (at prerequisites, with what to
 * install). Needs the caches the install scripts fill (.ci/run runs them first).
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onPath } from './prerequisites';
import { locateKubeBinaries } from '@focom/cluster-harness';
import { REPO_ROOT, run } from '@focom/test-support/kpt';

const BIN = join(REPO_ROOT, 'bin', 'provision-seed');
const SEED = join(REPO_ROOT, 'packages', 'examples', 'seed-edge');

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

function provisionSeed(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args as string[], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
  });
}

/** A copy of the seed package with one file's text edited. */
function editedSeed(file: string, edit: (text: string) => string): { dir: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'focom-seed-case-'));
  const dir = join(root, 'seed-edge');
  cpSync(SEED, dir, { recursive: true });
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** The command lines of running processes that mention text (from /proc). */
function processesMentioning(text: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
        return commandLine.includes(text) ? [commandLine] : [];
      } catch {
        return [];
      }
    });
}

function explain(outcome: Outcome): string {
  return `exit ${outcome.code} after ${outcome.seconds} s\n--- stdout\n${outcome.stdout}\n--- stderr\n${outcome.stderr}`;
}

jest.setTimeout(600_000);

describe('provision-seed', () => {
  it('provisions the seed to Ready on fake nodes; kubectl shows the status; --stop stops it', async () => {
    const workDir = join(mkdtempSync(join(tmpdir(), 'focom-seed-e2e-')), 'run');
    try {
      const outcome = await provisionSeed(['--keep', '--work-dir', workDir, '--timeout', '180']);
      expect({ code: outcome.code, why: explain(outcome) }).toMatchObject({ code: 0 });
      for (const phase of [
        '[1/6] prerequisites',
        '[2/6] SMO cluster',
        '[3/6] edge cluster',
        '[4/6] edge secret',
        '[5/6] package',
        '[6/6] status',
      ])
        expect(outcome.stdout).toContain(phase);
      expect(outcome.stdout).toMatch(
        /o2ims\/edge-5g-deployment\s+5g-ran-du@v1\.2\.0\s+edge-ocloud\s+\d+\s+yes\s+3\/3\s+Ready\s+open \(FirstDeployment\)/,
      );
      // The cluster first: a stand-in O2IMS fulfils the added cluster request, then the DU is delivered.
      expect(outcome.stdout).toContain('added cluster request o2ims/edge-ocloud-cluster for OCloud edge-ocloud');
      expect(outcome.stdout).toMatch(/o2ims\/edge-ocloud-cluster\s+edge-cluster@v1\.0\.0\s+edge-ocloud\s+1\s+yes\s+0\/0\s+Ready/);
      const fulfilled = outcome.stdout.indexOf('stand-in O2IMS: ProvisioningRequest edge-ocloud-cluster fulfilled');
      const waited = outcome.stdout.search(
        /focom-status: o2ims\/edge-5g-deployment: \S+ -> Provisioning: waiting for its cluster request edge-ocloud-cluster/,
      );
      const duReady = outcome.stdout.search(/focom-status: o2ims\/edge-5g-deployment: \S+ -> Ready/);
      expect({ waited: waited >= 0, fulfilled: fulfilled >= 0 }).toEqual({ waited: true, fulfilled: true });
      expect(waited).toBeLessThan(fulfilled);
      expect(fulfilled).toBeLessThan(duReady);
      expect(outcome.stdout).toContain(`--stop ${workDir}`);

      const kubectl = locateKubeBinaries().kubectl;
      const smo = join(workDir, 'smo', 'apiserver', 'kubeconfig');
      const edge = join(workDir, 'edge', 'apiserver', 'kubeconfig');
      expect(outcome.stdout).toContain(`${kubectl} --kubeconfig ${smo} get oclouds,templateinfos,focomprovisioningrequests -n o2ims`);
      const oclouds = run(kubectl, ['--kubeconfig', smo, 'get', 'oclouds', '-n', 'o2ims']);
      expect(oclouds.stdout).toMatch(/edge-ocloud\s+https:\/\/172\.16\.4\.45:6443\s+edge-cluster-kubeconfig\s+True/);
      const fprs = run(kubectl, ['--kubeconfig', smo, 'get', 'focomprovisioningrequests', '-n', 'o2ims']);
      expect(fprs.stdout).toMatch(/edge-5g-deployment\s+edge-ocloud\s+edge-5g-template\s+True\s+True\s+Ready/);
      const pods = run(kubectl, ['--kubeconfig', edge, 'get', 'pods', '-n', 'ran-workloads', '-o', 'wide', '--no-headers']);
      expect(pods.stdout.trim().split('\n')).toHaveLength(3);
      expect(pods.stdout).toMatch(/edge-node-\d/);

      const stopped = await provisionSeed(['--stop', workDir]);
      expect({ code: stopped.code, why: explain(stopped) }).toMatchObject({ code: 0 });
      expect(existsSync(workDir)).toBe(false);
      expect(processesMentioning(workDir)).toEqual([]);
    } finally {
      if (existsSync(workDir)) await provisionSeed(['--stop', workDir]);
      rmSync(join(workDir, '..'), { recursive: true, force: true });
    }
  });

  it("fails at the status phase with Flux's health-check message when nothing can schedule the workload", async () => {
    // 32 CPUs per DU pod; every fake node has 16.
    const seed = editedSeed('template-info.yaml', (t) => t.replace('cpu_request: "500m"', 'cpu_request: "32"\n    cpu_limit: "32"'));
    try {
      const outcome = await provisionSeed([seed.dir, '--timeout', '20', '--edge-nodes', '1', '--o2ims-delay', '1']);
      expect({ code: outcome.code, why: explain(outcome) }).toMatchObject({ code: 1 });
      expect(outcome.stderr).toContain('provision-seed: failed at status');
      expect(outcome.stderr).toContain('FocomProvisioningRequest o2ims/edge-5g-deployment (Failed): HealthCheckFailed');
      expect(outcome.stderr).toMatch(
        /health check failed after [\d.]+s: timeout waiting for: \[Deployment\/ran-workloads\/ran-du status: 'InProgress'\]/,
      );
      expect(outcome.stderr).toContain('edge: 3 pods of ran-du pending: 0/1 nodes are available: 1 Insufficient cpu.');
      expect(outcome.stdout).toMatch(/o2ims\/edge-5g-deployment\s.*\syes\s+0\/3\s+Failed/);
    } finally {
      seed.remove();
    }
  });

  it('fails at the status phase with the O2IMS words when the stand-in O2IMS reports the cluster failed', async () => {
    const outcome = await provisionSeed(['--o2ims-fail', '--o2ims-delay', '2', '--timeout', '60']);
    expect({ code: outcome.code, why: explain(outcome) }).toMatchObject({ code: 1 });
    expect(outcome.stderr).toContain('provision-seed: failed at status');
    expect(outcome.stderr).toContain(
      'FocomProvisioningRequest o2ims/edge-ocloud-cluster (Failed): O2IMS failed: stand-in O2IMS: provisioning failed, as --o2ims-fail asked',
    );
    expect(outcome.stderr).toContain(
      'FocomProvisioningRequest o2ims/edge-5g-deployment (Failed): its cluster request edge-ocloud-cluster failed: O2IMS failed',
    );
    // Nothing of the DU was applied: Flux never delivered it.
    expect(outcome.stdout).toMatch(/o2ims\/edge-5g-deployment\s.*\sno\s+0\/3\s+Failed/);
  });

  it("fails at the Porch push with the function's message when a request is invalid", async () => {
    const seed = editedSeed('provisioning-request.yaml', (t) => t.replace('replicas: 3', 'replicas: "three"'));
    try {
      const outcome = await provisionSeed([seed.dir, '--timeout', '30']);
      expect({ code: outcome.code, why: explain(outcome) }).toMatchObject({ code: 1 });
      expect(outcome.stderr).toContain('provision-seed: failed at package');
      expect(outcome.stderr).toContain('Porch refused the push of seed-edge (the render failed)');
      expect(outcome.stderr).toMatch(/spec\.parameters\.replicas/);
      expect(outcome.stdout).not.toContain('[6/6] status');
    } finally {
      seed.remove();
    }
  });

  it('stops everything on Ctrl-C, also what the phase in progress was starting, and exits 130', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'focom-seed-sigint-'));
    try {
      const child = spawn(BIN, ['--work-dir', workDir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      await new Promise<void>((resolve) => {
        const onData = (chunk: Buffer): void => {
          output += chunk.toString();
          // The edge cluster is starting: the SMO's processes run and the edge's are being started.
          if (output.includes('[3/6] edge cluster')) resolve();
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        void exited.then(() => resolve());
      });
      child.kill('SIGINT');
      expect({ code: await exited, output }).toMatchObject({ code: 130 });
      expect(output).toContain('provision-seed: SIGINT during edge cluster: stopping everything started');
      expect(processesMentioning(workDir)).toEqual([]);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });

  it('--dry-run prints the plan and the package as Porch renders it, and starts nothing', async () => {
    const workDir = join(mkdtempSync(join(tmpdir(), 'focom-seed-dry-')), 'run');
    try {
      const outcome = await provisionSeed(['--dry-run', '--work-dir', workDir]);
      expect({ code: outcome.code, why: explain(outcome) }).toMatchObject({ code: 0 });
      expect(outcome.stdout).toContain('Plan (nothing is started):');
      expect(outcome.stdout).toContain('edge secret      Secret o2ims/edge-cluster-kubeconfig (key kubeconfig) for OCloud edge-ocloud');
      expect(outcome.stdout).toContain('--- delivery/o2ims/kustomization_edge-5g-deployment.yaml');
      expect(outcome.stdout).toContain('path: ./seed-edge/generated/o2ims/edge-5g-deployment');
      expect(outcome.stdout).toContain('--- generated/o2ims/edge-5g-deployment/deployment_ran-du.yaml');
      expect(outcome.stdout).not.toContain('[2/6]');
      expect(processesMentioning(workDir)).toEqual([]);
    } finally {
      rmSync(join(workDir, '..'), { recursive: true, force: true });
    }
  });

  it('fails at prerequisites with what to install when a tool is missing', async () => {
    // PATH with node, git and openssl only: no etcd.
    const dir = mkdtempSync(join(tmpdir(), 'focom-seed-path-'));
    try {
      mkdirSync(join(dir, 'bin'));
      for (const tool of ['node', 'git', 'openssl']) {
        const found = onPath(tool);
        if (found) symlinkSync(found, join(dir, 'bin', tool));
      }
      const outcome = await provisionSeed(['--skip-build'], { ...process.env, PATH: join(dir, 'bin') });
      expect({ code: outcome.code, why: explain(outcome) }).toMatchObject({ code: 1 });
      expect(outcome.stderr).toContain('provision-seed: failed at prerequisites');
      expect(outcome.stderr).toContain(
        'etcd is not on PATH (each kube-apiserver stores its objects in its own etcd): install it with apt-get install etcd-server',
      );
      expect(outcome.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
