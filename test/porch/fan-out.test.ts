/**
 * A fleet in a real Porch with porch-controllers: packages/porch/package-variant-set.yaml, pointed
 * at ten sites, fans the blueprint out into a deployment repository. Each site's OCloud and
 * parameters are injected from objects in the cluster, Porch's function runner renders each draft,
 * the approver proposes and approves each once its gates are True, and git then holds ten rendered
 * packages, each what a local `kpt fn render` makes of it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '@focom/test-support/kpt';
import { PORCH_NAMESPACE } from '@focom/cluster-harness';
import { usePorch } from '@focom/test-support/porch';
import {
  conditionsByType,
  gitRefs,
  gitTree,
  packageRevisions,
  pipelineImages,
  renderWithKpt,
  waitFor,
  writeTree,
} from '@focom/test-support/porch-packages';
import {
  applySiteObjects,
  approveWhenReady,
  BLUEPRINT,
  downstreamRepository,
  injectionConditions,
  publishPackage,
  siteFacts,
  siteNames,
  variantSet,
} from '@focom/test-support/porch-fleet';

const N = 10;
const UPSTREAM = 'focom-blueprints';
/** The site's request is named after the site (the blueprint's site-replacements.yaml). */
const deploymentPath = (site: string): string => `generated/o2ims/${site}/deployment_ran-du.yaml`;
const sites = siteNames(N);
const downstream = downstreamRepository();

type Json = Record<string, unknown>;
const field = (object: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (v as Json | undefined)?.[key], object);

const porch = usePorch({ images: pipelineImages(BLUEPRINT), controllers: true });
let downstreamUrl = '';

beforeAll(() => {
  const p = porch();
  p.registerRepository(UPSTREAM, p.createGitRepository(UPSTREAM));
  downstreamUrl = p.createGitRepository(downstream);
  p.registerRepository(downstream, downstreamUrl, { deployment: true });
  applySiteObjects(p, sites);
  publishPackage(p, UPSTREAM, 'focom-edge-site', BLUEPRINT);
}, 180_000);

/** The tree written to a scratch directory, rendered there with kpt as Porch's runner would, read back. */
function renderedLocally(tree: Map<string, string>): Map<string, string> {
  const root = mkdtempSync(join(tmpdir(), 'focom-fan-out-'));
  try {
    writeTree(root, tree);
    return renderWithKpt(root, porch().binaries.applyReplacements);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('a PackageVariantSet in Porch', () => {
  it(`fans the blueprint out to ${N} sites: injected, rendered by the function runner, approved at their gates, published`, async () => {
    const p = porch();
    const set = variantSet('focom-edge-fleet', sites, { workspaceName: 'v1', revision: 1 });
    const started = Date.now();
    const applied = p.kubectl(['apply', '-f', '-'], { input: JSON.stringify(set) });
    if (applied.status !== 0) throw new Error(`the PackageVariantSet was refused: ${applied.stderr}`);
    const timeline = await approveWhenReady(p, downstream, sites, { started, timeoutMs: 300_000 });
    expect([...timeline.published.keys()].sort()).toEqual(sites);

    const refs = gitRefs(downstreamUrl);
    sites.forEach((site, index) => {
      const revision = timeline.published.get(site)!;
      expect(revision.spec.lifecycle).toBe('Published');
      const conditions = new Map((revision.status.conditions ?? []).map((c) => [c.type, c]));
      for (const type of injectionConditions(site)) expect([type, conditions.get(type)?.status]).toEqual([type, 'True']);

      expect(refs).toContain(`refs/tags/${site}/v1`);
      const tree = gitTree(downstreamUrl, `refs/tags/${site}/v1`, site);
      const facts = siteFacts(site, index);
      const ocloud = parse(tree.get('ocloud.yaml')!) as Json;
      expect([field(ocloud, 'metadata.name'), field(ocloud, 'spec.endpoint'), field(ocloud, 'spec.secretRef.name')]).toEqual([
        site,
        facts.endpoint,
        facts.secret,
      ]);
      const request = parse(tree.get('provisioning-request.yaml')!) as Json;
      expect([field(request, 'spec.ocloudRef.name'), field(request, 'spec.parameters.namespace')]).toEqual([site, facts.namespace]);
      const deployment = parse(tree.get(deploymentPath(site))!) as Json;
      expect(field(deployment, 'metadata.namespace')).toBe(facts.namespace);
      expect(field(deployment, 'metadata.labels')).toEqual(expect.objectContaining({ 'focom.nephio.org/ocloud': site }));
      expect(tree.has(`delivery/o2ims/kustomization_${site}.yaml`)).toBe(true);

      // What Porch's function runner wrote is, byte for byte, what kpt fn render makes of it here.
      expect(Object.fromEntries(renderedLocally(tree))).toEqual(Object.fromEntries(tree));
    });

    const status = JSON.parse(
      p.kubectl(['get', 'packagevariantsets.config.porch.kpt.dev', 'focom-edge-fleet', '-n', PORCH_NAMESPACE, '-o', 'json']).stdout,
    ) as {
      status: { conditions?: Json[] };
    };
    expect(status.status.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'True' }));
  });

  it('keeps a site whose objects are missing a draft: its injection gate is False and Porch refuses to propose it', async () => {
    const p = porch();
    const orphan = 'site-without-objects';
    const applied = p.kubectl(['apply', '-f', '-'], {
      input: JSON.stringify(variantSet('focom-edge-orphan', [orphan], { workspaceName: 'v1', revision: 1 })),
    });
    if (applied.status !== 0) throw new Error(`the PackageVariantSet was refused: ${applied.stderr}`);
    const draft = await waitFor(
      p,
      `the injection condition of ${orphan}'s draft`,
      () =>
        packageRevisions(p).find(
          (r) =>
            r.spec.repository === downstream &&
            r.spec.packageName === orphan &&
            conditionsByType(r).has(`config.injection.OCloud.${orphan}`),
        ),
      120_000,
    );
    const draftName = draft.metadata.name;
    const gate = conditionsByType(draft).get(`config.injection.OCloud.${orphan}`);
    expect(gate).toEqual(expect.objectContaining({ status: 'False', reason: 'NoResourceSelected' }));
    // Porch refuses already at propose while a gate is not True.
    const proposed = p.porchctl(['rpkg', 'propose', draftName]);
    expect([proposed.status, proposed.stderr]).toEqual([1, expect.stringContaining('readiness conditions not met')]);
  });

  it('accepts every PackageVariant and PackageVariantSet the docs and packages show (server-side dry run)', () => {
    const p = porch();
    const sources = [
      'README.md',
      'docs/porch.md',
      'docs/slos.md',
      'packages/porch/README.md',
      'packages/porch/package-variants.yaml',
      'packages/porch/package-variant-set.yaml',
    ];
    let checked = 0;
    for (const source of sources) {
      const text = readFileSync(join(REPO_ROOT, source), 'utf8');
      const blocks = source.endsWith('.md') ? [...text.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]) : [text];
      for (const block of blocks) {
        for (const doc of parseAllDocuments(block)) {
          const object = doc.toJS() as Json | null;
          if (!object || !/^PackageVariant(Set)?$/.test(String(object.kind))) continue;
          const dryRun = p.kubectl(['apply', '--dry-run=server', '-n', PORCH_NAMESPACE, '-f', '-'], { input: JSON.stringify(object) });
          expect([source, field(object, 'metadata.name'), dryRun.status, dryRun.stderr]).toEqual([
            source,
            field(object, 'metadata.name'),
            0,
            '',
          ]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });
});
