/**
 * Every object that every example package renders passes `kubectl apply --dry-run=server` on a
 * real kube-apiserver that has the packages' CRDs: the functions' input CRs, the workloads they
 * generate for the edge, and the Flux Kustomization, Argo CD Application and O2IMS
 * ProvisioningRequest they emit. Renders run the real `kpt fn render`, as the e2e tests do.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { useApiServer } from '@focom/test-support/apiserver';
import { REPO_ROOT, removeScratch, render, scratchPackage } from '@focom/test-support/kpt';
import { dryRunPackage, expectAccepted, installCrds } from '@focom/test-support/server-apply';

interface E2eConfig {
  exitCode?: number;
  package?: string;
  eval?: string;
}

/** The example packages, and each e2e case that renders successfully (by its own config). */
function renderablePackages(): string[] {
  const sources = new Set(readdirSync(join(REPO_ROOT, 'packages', 'examples')).map((n) => join('packages', 'examples', n)));
  const casesDir = join(REPO_ROOT, 'test', 'e2e', 'cases');
  for (const name of readdirSync(casesDir).sort()) {
    const configFile = join(casesDir, name, '.expected', 'config.yaml');
    if (!statSync(join(casesDir, name)).isDirectory() || !existsSync(configFile)) continue;
    const config = (parse(readFileSync(configFile, 'utf8')) ?? {}) as E2eConfig;
    if ((config.exitCode ?? 0) !== 0 || config.eval) continue;
    sources.add(config.package ?? relative(REPO_ROOT, join(casesDir, name)));
  }
  return [...sources].sort();
}

const checkedKinds = new Set<string>();
const server = useApiServer();

beforeAll(() => {
  installCrds(server());
});

describe('rendered packages on a real API server', () => {
  it.each(renderablePackages())('%s: every object kpt fn render writes passes kubectl apply --dry-run=server', (source) => {
    const pkg = scratchPackage(join(REPO_ROOT, source));
    try {
      const rendered = render(pkg);
      if (rendered.status !== 0) throw new Error(`kpt fn render ${source} failed:\n${rendered.stderr}`);
      const { files, outcome } = dryRunPackage(server(), pkg);
      expect(files.some((f) => relative(pkg, f.path).startsWith('generated/'))).toBe(true);
      expectAccepted(outcome, `the objects kpt rendered in ${source}`);
      // PodSecurity (the templates' namespaces enforce "restricted") and deprecated APIs warn.
      expect(outcome.warnings).toEqual([]);
      const objectCount = files.reduce((n, f) => n + f.objects.length, 0);
      expect(outcome.stdout.split('\n').filter((l) => l.endsWith('(server dry run)'))).toHaveLength(objectCount);
      for (const file of files) for (const object of file.objects) checkedKinds.add(`${String(object.apiVersion)} ${String(object.kind)}`);
    } finally {
      removeScratch(pkg);
    }
  });

  it('checked every kind the functions emit and read', () => {
    expect([...checkedKinds].sort()).toEqual(
      expect.arrayContaining([
        'apps/v1 Deployment',
        'argoproj.io/v1alpha1 Application',
        'clcm.openshift.io/v1alpha1 ProvisioningRequest',
        'focom.nephio.org/v1alpha1 FocomProvisioningRequest',
        'focom.nephio.org/v1alpha1 OCloud',
        'focom.nephio.org/v1alpha1 TemplateInfo',
        'kustomize.toolkit.fluxcd.io/v1 Kustomization',
        'o2ims.provisioning.oran.org/v1alpha1 ProvisioningRequest',
        'policy/v1 PodDisruptionBudget',
        'provisioning.oran.org/v1alpha1 TemplateInfo',
        'v1 ConfigMap',
        'v1 Namespace',
        'v1 Service',
        'v1 ServiceAccount',
      ]),
    );
  });
});
