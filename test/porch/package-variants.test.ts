/**
 * packages/porch/package-variants.yaml, as shipped, in a real Porch with porch-controllers:
 * the blueprint is published as revision 1 (workspace v1) in one repository, the sites are
 * drafted into a deployment repository, and the upstream pin is checked against a revision 2.
 * The cases run in order: each builds on the state the one before left.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '@focom/test-support/kpt';
import { PORCH_NAMESPACE } from '@focom/cluster-harness';
import { usePorch } from '@focom/test-support/porch';
import {
  conditionsByType,
  editedCopy,
  type PackageRevision,
  packageRevision,
  packageRevisions,
  pipelineImages,
  porchctlOk,
  pullTree,
  waitFor,
} from '@focom/test-support/porch-packages';
import { applySiteObjects, injectionConditions, publishPackage, readyToApprove, siteFacts } from '@focom/test-support/porch-fleet';

const BLUEPRINT = join(REPO_ROOT, 'packages', 'porch', 'focom-edge-site');
const VARIANTS = join(REPO_ROOT, 'packages', 'porch', 'package-variants.yaml');
/** The site's request is named after the site (the blueprint's site-replacements.yaml). */
const gate = (site: string): string => `focom.nephio.org/v1alpha1.FocomProvisioningRequest.${site}`;
const deployment = (site: string): string => `generated/o2ims/${site}/deployment_ran-du.yaml`;

type Json = Record<string, unknown>;
interface PackageVariant {
  metadata: { name: string };
  spec: {
    upstream: { repo: string; package: string; workspaceName?: string; revision?: number };
    downstream: { repo: string; package: string };
  };
}

const shipped = parseAllDocuments(readFileSync(VARIANTS, 'utf8')).map((d) => d.toJS() as PackageVariant);
const sites = shipped.map((pv) => pv.spec.downstream.package);
const upstreamRepo = shipped[0].spec.upstream.repo;
const downstreamRepo = shipped[0].spec.downstream.repo;

const porch = usePorch({ images: pipelineImages(BLUEPRINT), controllers: true });

beforeAll(() => {
  const p = porch();
  p.registerRepository(upstreamRepo, p.createGitRepository(upstreamRepo));
  // A deployment repository: Porch writes the package context into what is cloned into it.
  p.registerRepository(downstreamRepo, p.createGitRepository(downstreamRepo), { deployment: true });
  // The OCloud and parameters each variant's injectors name.
  applySiteObjects(p, sites);
  publishPackage(p, upstreamRepo, shipped[0].spec.upstream.package, BLUEPRINT);
});

function revisionsOf(pkg: string): PackageRevision[] {
  return packageRevisions(porch()).filter((r) => r.spec.repository === downstreamRepo && r.spec.packageName === pkg);
}

/** The site's revisions except the `main` placeholder Porch lists for every published package. */
function siteRevisions(pkg: string): PackageRevision[] {
  return revisionsOf(pkg).filter((r) => r.spec.workspaceName !== 'main');
}

function yamlFile(tree: Map<string, string>, path: string): Json {
  const text = tree.get(path);
  if (text === undefined) throw new Error(`${path} is not in the package (it has ${[...tree.keys()].join(', ')})`);
  return parse(text) as Json;
}

function field(object: Json, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Json | undefined)?.[key], object);
}

describe('the PackageVariants in Porch', () => {
  it('apply as shipped; porch-controllers create one draft per site, named by the package context, and Porch renders it', async () => {
    const p = porch();
    const applied = p.kubectl(['apply', '-f', VARIANTS]);
    if (applied.status !== 0) throw new Error(`kubectl apply -f packages/porch/package-variants.yaml failed:\n${applied.stderr}`);

    for (const site of sites) {
      // Ready once porch-controllers injected the site's objects and Porch rendered the result.
      const [draft] = await waitFor(p, `an injected, rendered draft of ${site}`, () => {
        const found = siteRevisions(site);
        return found.length > 0 && readyToApprove(found[0], site) ? found : undefined;
      });
      expect(siteRevisions(site)).toHaveLength(1);
      expect(draft.spec.lifecycle).toBe('Draft');
      expect(draft.status.upstreamLock?.git?.ref).toBe('focom-edge-site/v1');

      const tree = pullTree(p, draft.metadata.name);
      // Porch wrote the downstream package name into the package context; the blueprint's
      // apply-replacements step copied it into the OCloud and the request.
      expect(field(yamlFile(tree, 'package-context.yaml'), 'data.name')).toBe(site);
      expect(field(yamlFile(tree, 'ocloud.yaml'), 'metadata.name')).toBe(site);
      expect(field(yamlFile(tree, 'provisioning-request.yaml'), 'spec.ocloudRef.name')).toBe(site);
      // porch-controllers injected the site's OCloud spec and parameters from the cluster.
      const facts = siteFacts(site, sites.indexOf(site));
      expect(field(yamlFile(tree, 'ocloud.yaml'), 'spec.endpoint')).toBe(facts.endpoint);
      expect(field(yamlFile(tree, 'provisioning-request.yaml'), 'spec.parameters.namespace')).toBe(facts.namespace);
      for (const type of injectionConditions(site)) expect(conditionsByType(draft).get(type)?.status).toBe('True');
      // ... and the draft was rendered with it: manifests targeted at the site, delivery, the gate met.
      expect([...tree.keys()].filter((path) => path.startsWith('generated/'))).toHaveLength(9);
      expect(field(yamlFile(tree, deployment(site)), 'metadata.labels')).toEqual(
        expect.objectContaining({ 'focom.nephio.org/ocloud': site }),
      );
      expect(tree.has(`delivery/o2ims/kustomization_${site}.yaml`)).toBe(true);
      const condition = conditionsByType(draft).get(gate(site));
      expect([condition?.status, condition?.reason]).toEqual(['True', 'Ready']);
      expect(condition?.message).toContain(`OCloud "${site}"`);
    }

    const status = JSON.parse(p.kubectl(['get', 'packagevariants.config.porch.kpt.dev', '-n', PORCH_NAMESPACE, '-o', 'json']).stdout) as {
      items: {
        metadata: { name: string };
        status: { conditions: Json[]; downstreamTargets: { renderStatus: { result: { exitCode: number } } }[] };
      }[];
    };
    for (const pv of shipped) {
      const reported = status.items.find((i) => i.metadata.name === pv.metadata.name);
      expect(reported?.status.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'True' }));
      expect(reported?.status.downstreamTargets.map((t) => t.renderStatus.result.exitCode)).toEqual([0]);
    }

    // Their gates are met, so the site drafts can be proposed and approved.
    for (const site of sites) {
      const [draft] = siteRevisions(site);
      porchctlOk(p, ['rpkg', 'propose', draft.metadata.name]);
      porchctlOk(p, ['rpkg', 'approve', draft.metadata.name]);
      expect(packageRevision(p, draft.metadata.name).spec.lifecycle).toBe('Published');
    }
  });

  it('stay on the pinned blueprint revision (workspaceName) when the blueprint gets a new revision', async () => {
    const p = porch();
    const changed = editedCopy(BLUEPRINT, (dir) => {
      const file = join(dir, 'template-info.yaml');
      const text = readFileSync(file, 'utf8');
      if (!text.includes('replicas: 3')) throw new Error('template-info.yaml no longer sets replicas: 3');
      writeFileSync(file, text.replace('replicas: 3', 'replicas: 4'));
    });
    let v2: PackageRevision;
    try {
      v2 = publishPackage(porch(), upstreamRepo, shipped[0].spec.upstream.package, changed.dir, 'v2');
    } finally {
      changed.remove();
    }
    expect(v2.spec.revision).toBe(2);

    // A control: the shipped variant for the last site, pinned to v2 and drafting a third site.
    // When its draft appears, the controller has seen revision 2.
    const control: PackageVariant = JSON.parse(JSON.stringify(shipped[shipped.length - 1])) as PackageVariant;
    control.metadata.name = 'focom-edge-site-control';
    control.spec.downstream.package = 'site-control';
    control.spec.upstream.workspaceName = 'v2';
    control.spec.upstream.revision = 2;
    const applied = p.kubectl(['apply', '-f', '-'], { input: JSON.stringify(control) });
    if (applied.status !== 0) throw new Error(`the control PackageVariant was refused: ${applied.stderr}`);
    const [controlDraft] = await waitFor(p, 'the control draft', () => {
      const found = siteRevisions('site-control');
      return found.length > 0 ? found : undefined;
    });
    expect(controlDraft.status.upstreamLock?.git?.ref).toBe('focom-edge-site/v2');
    expect(field(yamlFile(pullTree(p, controlDraft.metadata.name), deployment('site-control')), 'spec.replicas')).toBe(4);

    // porch-controllers reconciles one PackageVariant at a time and every PackageRevision event
    // queues them all. Each reconcile that finds a variant's downstream up to date logs
    // "resources unchanged" for it; one that found the pin outdated would draft an upgrade
    // instead. So a line for each pinned site after the control created its draft (a reconcile
    // that saw revision 2) shows the controller looked, with v2 published, and kept v1.
    const createdControl = `package variant "${control.metadata.name}" created package revision "${controlDraft.metadata.name}"`;
    for (const pv of shipped) {
      const [published] = siteRevisions(pv.spec.downstream.package);
      const unchanged = `PackageVariant "${pv.metadata.name}", PackageRevision "${published.metadata.name}", resources unchanged`;
      await waitFor(p, `a reconcile of ${pv.metadata.name} after the control's`, () => {
        const log = p.processLog('porch-controllers');
        const mark = log.indexOf(createdControl);
        if (mark < 0) throw new Error(`porch-controllers did not log: ${createdControl}`);
        return log.indexOf(unchanged, mark) > 0 ? true : undefined;
      });
    }
    for (const site of sites) {
      const revisions = siteRevisions(site);
      expect(revisions.map((r) => [r.spec.lifecycle, r.status.upstreamLock?.git?.ref])).toEqual([['Published', 'focom-edge-site/v1']]);
      expect(field(yamlFile(pullTree(p, revisions[0].metadata.name), deployment(site)), 'spec.replicas')).toBe(3);
    }
  });

  it('move a site to the new blueprint revision when its pin is moved: porch-controllers drafts the upgrade', async () => {
    const p = porch();
    const [moved, ...kept] = shipped;
    const site = moved.spec.downstream.package;
    const patch = { spec: { upstream: { workspaceName: 'v2', revision: 2 } } };
    const patched = p.kubectl([
      'patch',
      'packagevariant.config.porch.kpt.dev',
      moved.metadata.name,
      '-n',
      PORCH_NAMESPACE,
      '--type=merge',
      '-p',
      JSON.stringify(patch),
    ]);
    if (patched.status !== 0) throw new Error(`kubectl patch failed: ${patched.stderr}`);
    const upgrade = await waitFor(p, `an upgrade draft of ${site}`, () => siteRevisions(site).find((r) => r.spec.lifecycle === 'Draft'));
    expect(upgrade.spec.tasks?.map((t) => t.type)).toContain('upgrade');
    expect(upgrade.status.upstreamLock?.git?.ref).toBe('focom-edge-site/v2');
    const tree = pullTree(p, upgrade.metadata.name);
    expect(field(yamlFile(tree, deployment(site)), 'spec.replicas')).toBe(4);
    // The upgrade keeps what the site's own revision had: its name, from the package context.
    expect(field(yamlFile(tree, 'ocloud.yaml'), 'metadata.name')).toBe(site);
    expect(conditionsByType(upgrade).get(gate(site))?.status).toBe('True');
    for (const pv of kept) {
      expect(siteRevisions(pv.spec.downstream.package).map((r) => r.status.upstreamLock?.git?.ref)).toEqual(['focom-edge-site/v1']);
    }
  });
});
