/**
 * The hostile-name property (test/robustness/properties-names.test.ts) through a real
 * kube-apiserver: whenever focom-render succeeds on a package of hostile request, OCloud and
 * template names, every object it leaves for a cluster (the FoCoM resources, the generated
 * workloads and monitoring objects, the delivery object) passes `kubectl apply --dry-run=server`.
 * FUZZ_RUNS / 50 packages (200 by default): each costs a few kubectl runs.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { runOnText } from '@focom/krm-runtime';
import { focomRender } from '@focom/focom-render';
import { siteNames, sitePackage, writtenNameProblems } from '../robustness/hostile-names';
import { useApiServer } from '@focom/test-support/apiserver';
import { dryRunPackage, expectAccepted, installCrds } from '@focom/test-support/server-apply';

const RUNS = Math.max(1, Math.ceil(Number(process.env.FUZZ_RUNS ?? 10000) / 50));

const LIBRARY = ['5g-upf', '5g-ran-du'];
const server = useApiServer();

beforeAll(() => {
  installCrds(server());
});

type Json = Record<string, unknown>;

/** Writes the items kpt would write (the Kptfile stays in the package) into `dir` by their paths. */
function writePackage(stdout: string, dir: string): number {
  const items = ((parse(stdout) as { items?: Json[] }).items ?? []).filter((item) => item.kind !== 'Kptfile');
  const byFile = new Map<string, Json[]>();
  for (const item of items) {
    const path = String(((item.metadata as Json).annotations as Json)['config.kubernetes.io/path']);
    byFile.set(path, [...(byFile.get(path) ?? []), item]);
  }
  for (const [path, objects] of byFile) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, objects.map((o) => stringify(o)).join('---\n'));
  }
  return items.length;
}

describe('hostile names on a real API server', () => {
  it(`whatever focom-render writes for them, the API server accepts, over ${RUNS} packages`, () => {
    let applied = 0;
    fc.assert(
      fc.property(siteNames, (names) => {
        // A seed TemplateInfo naming a template outside the library, without a version, renders
        // an O2IMS ProvisioningRequest without spec.templateVersion, which its CRD requires: that
        // is no matter of names (the upstream dialect, always versioned, carries hostile template names here).
        if (!names.upstream && !LIBRARY.includes(names.template)) return;
        const out = runOnText(focomRender, sitePackage(names));
        if (out.exitCode !== 0) return;
        // The paths are checked before anything is written under them.
        const problems = writtenNameProblems(out.stdout);
        if (problems.length > 0) throw new Error(problems.join('\n'));
        const dir = mkdtempSync(join(tmpdir(), 'focom-names-'));
        try {
          writePackage(out.stdout, dir);
          const { outcome } = dryRunPackage(server(), dir);
          expectAccepted(outcome, `what focom-render wrote for ${JSON.stringify(names)}`);
          applied += 1;
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      {
        numRuns: RUNS,
        // Found by CI: a request, OCloud and TemplateInfo with `namespace: ""` (an unset one).
        examples: [
          [
            {
              request: '0123',
              requestNamespace: '',
              ocloud: 'z',
              templateInfo: 'edge',
              template: '5g-upf',
              delivery: 'flux',
              upstream: false,
            },
          ],
        ],
      },
    );
    expect(applied).toBeGreaterThan(0);
  }, 1_800_000);
});
