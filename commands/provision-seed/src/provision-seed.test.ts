/**
 * provision-seed's pure parts: the Porch copy of the package, the status a
 * request gets from its Flux Kustomization and edge workloads, and the final table.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { debuggingCommands, reachingStoppedClusters } from './debugging';
import { rootKustomization } from './delivery';
import { porchKptfile, readOperatorPackage } from './package';
import { type CacheState, missingTools, planPrerequisites, TOOLS } from './prerequisites';
import { createProgress } from './progress';
import { readRendered } from './rendered';
import { requestStatus, statusTable } from './status';
import { REPO_ROOT } from '@focom/test-support/kpt';

describe('the package for Porch', () => {
  it('reads the seed: its name, the Secret its OCloud names, its request', () => {
    const pkg = readOperatorPackage(join(REPO_ROOT, 'packages', 'examples', 'seed-edge'));
    expect(pkg).toMatchObject({
      ok: true,
      value: {
        name: 'seed-edge',
        secrets: [
          { ocloud: 'edge-ocloud', ocloudNamespace: 'o2ims', name: 'edge-cluster-kubeconfig', namespace: 'o2ims', key: 'kubeconfig' },
        ],
        requests: [{ name: 'edge-5g-deployment', namespace: 'o2ims' }],
      },
    });
  });

  it('runs the functions by image and delivers from the local git server, comments kept', () => {
    const kptfile = [
      'apiVersion: kpt.dev/v1',
      'kind: Kptfile',
      'metadata:',
      '  name: site',
      'pipeline:',
      '  mutators:',
      '    # validate first',
      '    - exec: ./bin/validate-template-params',
      '    - exec: ./bin/expand-provisioning-request',
      '    - exec: ./bin/inject-ocloud-targeting',
      '      configMap:',
      '        interval: 5m',
      '',
    ].join('\n');
    const out = porchKptfile(kptfile, 'site');
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value).toContain('# validate first');
    expect(out.value).toContain('- image: registry.example.org/focom/validate-template-params:v0.1.0');
    expect(out.value).toMatch(
      /inject-ocloud-targeting:v0\.1\.0\n {6}configMap:\n {8}interval: 5m\n {8}delivery: flux\n {8}sourceName: focom-packages\n {8}repoPath: \.\/site/,
    );
  });

  it('refuses an exec step Porch cannot run', () => {
    const out = porchKptfile('pipeline:\n  mutators:\n    - exec: ./my-script.sh\n', 'site');
    expect(out).toEqual({
      ok: false,
      reason: `pipeline.mutators: "exec: ./my-script.sh" is not one of this project's functions, and Porch runs only images`,
    });
  });

  it('says what is wrong with a package that is not one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'focom-seed-pkg-'));
    try {
      expect(readOperatorPackage(dir)).toEqual({ ok: false, reason: `${dir} is not a kpt package: it has no Kptfile` });
      writeFileSync(join(dir, 'Kptfile'), 'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: empty\n');
      expect(readOperatorPackage(dir)).toEqual({
        ok: false,
        reason: `${dir} holds no FocomProvisioningRequest: there is nothing to provision`,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('request status', () => {
  const ready = { type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Applied revision: main@sha1:abc' };
  const applied = { lastAppliedRevision: 'main@sha1:abc', inventory: { entries: [{ id: 'x', v: 'v1' }] } };

  it('is Pending without a Kustomization, Delivering while Flux works, Ready once applied and rolled out', () => {
    expect(requestStatus(undefined, [{ ready: 0, desired: 3 }]).phase).toBe('Pending');
    const progressing = {
      status: { conditions: [{ type: 'Ready', status: 'Unknown', reason: 'Progressing', message: 'Reconciliation in progress' }] },
    };
    expect(requestStatus(progressing, [{ ready: 0, desired: 3 }])).toMatchObject({ phase: 'Delivering', delivered: false });
    expect(requestStatus({ status: { ...applied, conditions: [ready] } }, [{ ready: 2, desired: 3 }])).toMatchObject({
      phase: 'Delivering',
      delivered: true,
    });
    expect(requestStatus({ status: { ...applied, conditions: [ready] } }, [{ ready: 3, desired: 3 }])).toMatchObject({
      phase: 'Ready',
      delivered: true,
      readyPods: '3/3',
      revision: 'main@sha1:abc',
    });
  });

  it('is Delivering until Flux applied the published commit', () => {
    const status = { ...applied, conditions: [ready] };
    expect(requestStatus({ status }, [{ ready: 3, desired: 3 }], 'def')).toMatchObject({
      phase: 'Delivering',
      message: 'waiting for Flux to apply commit def',
    });
    expect(requestStatus({ status }, [{ ready: 3, desired: 3 }], 'abc').phase).toBe('Ready');
  });

  it("fails with Flux's health-check message", () => {
    const message = "health check failed after 30s: timeout waiting for: [Deployment/ran-workloads/ran-du status: 'InProgress']";
    const status = requestStatus(
      { status: { ...applied, conditions: [{ type: 'Ready', status: 'False', reason: 'HealthCheckFailed', message }] } },
      [{ ready: 0, desired: 3 }],
    );
    expect(status).toMatchObject({ phase: 'Failed', delivered: true, message: `HealthCheckFailed: ${message}` });
  });

  it('prints the table', () => {
    const request = {
      name: 'r',
      namespace: 'o2ims',
      template: '5g-ran-du@v1.2.0',
      ocloud: 'edge',
      resources: ['A/a', 'B/b'],
      workloads: [],
    };
    expect(statusTable([{ request, status: { phase: 'Ready', delivered: true, readyPods: '3/3', message: '', current: true } }])).toBe(
      [
        'REQUEST  TEMPLATE          O-CLOUD  RESOURCES  DELIVERED  READY  PHASE  SLO GATE',
        'o2ims/r  5g-ran-du@v1.2.0  edge     2          yes        3/3    Ready  -',
      ].join('\n'),
    );
  });
});

describe('the rest', () => {
  it('reads a rendered package: template, O-Cloud, resources, workloads and delivery object', () => {
    const dir = mkdtempSync(join(tmpdir(), 'focom-seed-rendered-'));
    try {
      const generated = join(dir, 'generated', 'o2ims', 'r1');
      mkdirSync(generated, { recursive: true });
      mkdirSync(join(dir, 'delivery', 'o2ims'), { recursive: true });
      const labels = 'labels: {focom.nephio.org/provisioning-request: r1, focom.nephio.org/ocloud: edge}';
      writeFileSync(
        join(generated, 'deployment_du.yaml'),
        `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: du, namespace: ran, ${labels}, annotations: {focom.nephio.org/template: t@v1}}\nspec: {replicas: 2}\n`,
      );
      writeFileSync(join(generated, 'service_du.yaml'), `apiVersion: v1\nkind: Service\nmetadata: {name: du, namespace: ran, ${labels}}\n`);
      writeFileSync(
        join(dir, 'delivery', 'o2ims', 'kustomization_r1.yaml'),
        `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: r1, namespace: o2ims, ${labels}}\n`,
      );
      expect(readRendered(dir)).toEqual([
        {
          name: 'r1',
          namespace: 'o2ims',
          template: 't@v1',
          ocloud: 'edge',
          resources: ['Deployment/du', 'Service/du'],
          workloads: [{ kind: 'Deployment', namespace: 'ran', name: 'du', replicas: 2 }],
          kustomization: { namespace: 'o2ims', name: 'r1' },
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('patches every delivery Kustomization with wait and the timeout', () => {
    const root = JSON.parse(rootKustomization('o2ims', 'seed-edge', 120)) as { spec: { path: string; patches: { patch: string }[] } };
    expect(root.spec.path).toBe('./seed-edge/delivery/o2ims');
    expect(JSON.parse(root.spec.patches[0].patch)).toContainEqual({ op: 'add', path: '/spec/timeout', value: '120s' });
  });

  it('names each missing tool with what to install', () => {
    expect(missingTools(TOOLS, (name) => (name === 'etcd' ? undefined : `/usr/bin/${name}`))).toEqual([
      'etcd is not on PATH (each kube-apiserver stores its objects in its own etcd): install it with apt-get install etcd-server',
    ]);
  });

  describe('--dry-run, which builds nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'focom-seed-cache-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const built = (what: string, cache: CacheState['cache'], coldMinutes: number): CacheState => ({
      what,
      cache,
      home: join(dir, cache),
      missing: [],
      coldMinutes,
    });
    const kube = built('kube-apiserver and kubectl', 'kube-apiserver', 7);
    const porch = built('Porch', 'porch', 10);
    const fluxKwok = built('Flux and kwok', 'flux-kwok', 23);

    it('says done when a run would build nothing', () => {
      expect(planPrerequisites([kube, porch, fluxKwok], [], false)).toEqual({
        steps: ['kube-apiserver and kubectl: cached', 'Porch: cached', 'Flux and kwok: cached'],
        summary: 'done',
      });
    });

    it('names what is missing and what a run would build, with the cold build times, and does not say done', () => {
      mkdirSync(porch.home);
      const plan = planPrerequisites(
        [
          kube,
          { ...porch, missing: [join(porch.home, 'bin', 'porchctl'), join(porch.home, 'crds')] },
          { ...fluxKwok, missing: [join(fluxKwok.home, 'bin', 'kwok')] },
        ],
        ['etcd is not on PATH (...)'],
        false,
      );
      expect(plan).toEqual({
        steps: [
          'kube-apiserver and kubectl: cached',
          `Porch: not built (missing from ${porch.home}: bin/porchctl, crds): a run starts with bash libs/cluster-harness/build.sh porch (a cold build takes about 10 minutes on 2 cores)`,
          `Flux and kwok: not built (${fluxKwok.home} does not exist): a run starts with bash libs/cluster-harness/build.sh flux-kwok (a cold build takes about 23 minutes on 2 cores)`,
          'a run stops here: etcd is not on PATH (...)',
        ],
        summary:
          'found 2 of 3 caches not built (a run builds them first: about 33 minutes cold on 2 cores) and 1 tool a run needs not on PATH',
      });
    });

    it('says a run with --skip-build would stop at a missing cache', () => {
      const plan = planPrerequisites([{ ...kube, missing: [join(kube.home, 'kubectl')] }, porch, fluxKwok], [], true);
      expect(plan.steps[0]).toBe(
        `kube-apiserver and kubectl: not built (${kube.home} does not exist); a run with --skip-build stops here: run bash libs/cluster-harness/build.sh kube-apiserver (a cold build takes about 7 minutes on 2 cores)`,
      );
      expect(plan.summary).toBe('found 1 of 3 caches not built (a run with --skip-build stops at them)');
    });
  });

  it('prints progress with phase numbers and times', () => {
    const lines: string[] = [];
    let t = 0;
    const progress = createProgress(
      (l) => lines.push(l),
      () => t,
    );
    progress.phase('SMO cluster', 'starting');
    t = 1500;
    progress.step('Porch ready');
    progress.done();
    expect(lines).toEqual(['[2/6] SMO cluster: starting', '      Porch ready (1.5 s)', '      done in 1.5 s (total 1.5 s)']);
  });

  it('lists the debugging commands with kubeconfig paths', () => {
    const text = debuggingCommands({
      kubectl: '/k/kubectl',
      smoKubeconfig: '/w/smo',
      edgeKubeconfig: '/w/edge',
      requests: [{ namespace: 'o2ims', name: 'r1' }],
      workloadNamespaces: ['ran'],
      logs: [{ name: 'kustomize-controller', file: '/w/kc.log' }],
    });
    expect(text).toContain('/k/kubectl --kubeconfig /w/smo get oclouds,templateinfos,focomprovisioningrequests -n o2ims');
    expect(text).toContain('/k/kubectl --kubeconfig /w/smo get focomprovisioningrequests r1 -n o2ims -o yaml');
    expect(text).toContain('/k/kubectl --kubeconfig /w/edge get deployments,pods -n ran -o wide');
    expect(text).toContain('tail -n 50 /w/kc.log');
  });

  it('after a run without --keep, prints no command for the stopped clusters but how to get running ones', () => {
    const text = reachingStoppedClusters('/r/bin/provision-seed --timeout 120', undefined);
    expect(text).toBe(
      [
        'The clusters are stopped. To look around with kubectl, run again with --keep:',
        '  /r/bin/provision-seed --timeout 120 --keep',
        'it leaves them running and prints the kubectl commands, with their kubeconfig paths.',
      ].join('\n'),
    );
    expect(text).not.toContain('kubeconfig /');
    // With --work-dir the logs outlive the run.
    expect(reachingStoppedClusters('p', [{ name: 'SMO etcd', file: '/w/etcd.log' }])).toContain('tail -n 50 /w/etcd.log    # SMO etcd');
  });
});
