/**
 * A template folder inside a site package (what `kpt pkg get` of a library template leaves) holds
 * manifests full of `${parameter}` placeholders. Nothing that applies the package may apply them:
 * `kpt live apply` of the whole package, on a real API server, and kustomize, which is how Flux
 * builds a path (kustomize-controller makes a kustomization.yaml of every manifest when the path
 * has none), both skip what is marked config.kubernetes.io/local-config.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { useApiServer } from '@focom/test-support/apiserver';
import { locateKubeBinaries } from '@focom/cluster-harness';
import { REPO_ROOT, removeScratch, render, run, scratchPackage } from '@focom/test-support/kpt';
import { installCrds } from '@focom/test-support/server-apply';

const server = useApiServer();
let site: string;

function yamlFiles(dir: string, root = dir): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) return name === '.git' ? [] : yamlFiles(full, root);
      return name.endsWith('.yaml') ? [relative(root, full)] : [];
    });
}

/** kpt with a deadline: a hung kpt must fail the test, not the whole run (spawnSync blocks jest's own timeout). */
function kptWithin(ms: number, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const done = spawnSync('kpt', args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: ms });
  return { status: done.status, stdout: done.stdout, stderr: done.stderr };
}

function objectsOf(text: string): Array<{ kind?: string; metadata?: { name?: string; namespace?: string } }> {
  return parseAllDocuments(text).map((d) => d.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string } });
}

beforeAll(() => {
  installCrds(server());
  site = scratchPackage(join(REPO_ROOT, 'packages', 'examples', 'seed-edge'));
  cpSync(join(REPO_ROOT, 'packages', 'templates', '5g-ran-du'), join(site, 'templates', '5g-ran-du'), { recursive: true });
  const rendered = render(site);
  if (rendered.status !== 0) throw new Error(`kpt fn render failed:\n${rendered.stderr}`);
});

afterAll(() => {
  if (site) removeScratch(site);
});

describe('a template folder in a site package is never applied', () => {
  it('kustomize (Flux builds a path with it) leaves out every placeholder manifest', () => {
    const files = yamlFiles(site);
    expect(files.filter((f) => f.startsWith('templates/')).length).toBeGreaterThan(0);
    writeFileSync(
      join(site, 'kustomization.yaml'),
      ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', ...files.map((f) => `  - ${f}`), ''].join('\n'),
    );
    const built = run(locateKubeBinaries().kubectl, ['kustomize', site]);
    rmSync(join(site, 'kustomization.yaml'));
    expect({ status: built.status, stderr: built.stderr }).toEqual({ status: 0, stderr: '' });
    expect(built.stdout).not.toContain('${');
    const objects = objectsOf(built.stdout);
    expect(objects.filter((o) => o.kind === 'FocomTemplate' || o.kind === 'Kptfile')).toEqual([]);
    expect(objects.filter((o) => o.kind === 'Deployment').map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`)).toEqual([
      'ran-workloads/ran-du',
    ]);
  });

  it('kpt live apply takes the rendered site and nothing of its template folder', () => {
    const kubeconfig = ['--kubeconfig', server().kubeconfig];
    for (const args of [
      ['live', 'install-resource-group', ...kubeconfig],
      ['live', 'init', site, '--namespace', 'o2ims', ...kubeconfig],
    ]) {
      const done = kptWithin(60_000, args);
      if (done.status !== 0) throw new Error(`kpt ${args.join(' ')} failed:\n${done.stderr}\n${done.stdout}`);
    }
    expect(server().kubectl(['create', 'namespace', 'o2ims']).status).toBe(0);
    // A dry run lists every object kpt live would apply, after it has left local-config out.
    const applied = kptWithin(90_000, ['live', 'apply', site, '--dry-run', '--output=events', ...kubeconfig]);
    expect({ status: applied.status, stderr: applied.stderr }).toEqual({ status: 0, stderr: '' });
    const objects = applied.stdout
      .split('\n')
      .filter((l) => l.endsWith(' apply successful'))
      .map((l) => l.replace(/ apply successful$/, ''))
      .sort();
    expect(objects).toEqual([
      'configmap/ran-du-config',
      'deployment.apps/ran-du',
      'focomprovisioningrequest.focom.nephio.org/edge-5g-deployment',
      'kustomization.kustomize.toolkit.fluxcd.io/edge-5g-deployment',
      'namespace/ran-workloads',
      'networkpolicy.networking.k8s.io/ran-du',
      'ocloud.focom.nephio.org/edge-ocloud',
      'poddisruptionbudget.policy/ran-du',
      'podmonitor.monitoring.coreos.com/edge-5g-deployment-metrics',
      'prometheusrule.monitoring.coreos.com/edge-5g-deployment-slos',
      'service/ran-du',
      'serviceaccount/ran-du',
      'templateinfo.focom.nephio.org/edge-5g-template',
    ]);
    expect(applied.stdout).toContain('apply result: 13 attempted, 13 successful, 0 skipped, 0 failed');
  });
});
