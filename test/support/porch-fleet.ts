/**
 * A fleet in a real Porch: the per-site objects a PackageVariantSet injects (an OCloud and a
 * ConfigMap of parameters per site), the shipped PackageVariantSet pointed at N sites, and the
 * approver's loop that proposes and approves each site draft once every gate it carries is True.
 * The Porch fan-out test and `npm run bench` drive a fleet with the same code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type Porch, PORCH_NAMESPACE } from '@focom/cluster-harness';
import { REPO_ROOT } from './kpt';
import { initDraft, type PackageRevision, packageRevision, packageRevisions, porchctlOk, pushPackage } from './porch-packages';

type Json = Record<string, unknown>;

export const BLUEPRINT = join(REPO_ROOT, 'packages', 'porch', 'focom-edge-site');
export const VARIANT_SET = join(REPO_ROOT, 'packages', 'porch', 'package-variant-set.yaml');
/** The image of the one-process function (focom-render), for a blueprint rendered in one step. */
export const ONE_PROCESS_IMAGE = 'registry.example.org/focom/focom-render:v0.1.0';
const OCLOUD_CRD = join(REPO_ROOT, 'packages', 'crds', 'focom.nephio.org_oclouds.yaml');

/** The condition types the PackageVariant controller writes once it injected a site's objects. */
export function injectionConditions(site: string): string[] {
  return [`config.injection.OCloud.${site}`, 'config.injection.ConfigMap.site-parameters'];
}

/** site-01 ... site-N (two digits at least, so the names sort as they count). */
export function siteNames(n: number): string[] {
  const width = Math.max(2, String(n).length);
  return Array.from({ length: n }, (_, i) => `site-${String(i + 1).padStart(width, '0')}`);
}

/** What a site's injected objects hold: a documentation-range endpoint and a namespace of its own. */
export function siteFacts(site: string, index: number): { endpoint: string; secret: string; namespace: string } {
  return { endpoint: `https://198.51.100.${(index % 250) + 1}:6443`, secret: `${site}-kubeconfig`, namespace: `ran-${site}` };
}

/** The OCloud and the parameters ConfigMap of each site, as one YAML stream for kubectl apply. */
export function siteObjects(sites: readonly string[]): string {
  return sites
    .map((site, index) => {
      const facts = siteFacts(site, index);
      return `apiVersion: focom.nephio.org/v1alpha1
kind: OCloud
metadata:
  name: ${site}
  namespace: ${PORCH_NAMESPACE}
spec:
  endpoint: "${facts.endpoint}"
  secretRef:
    name: ${facts.secret}
    namespace: o2ims
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${site}-parameters
  namespace: ${PORCH_NAMESPACE}
data:
  namespace: ${facts.namespace}
`;
    })
    .join('---\n');
}

/** Installs the OCloud CRD on the API server Porch runs on, then every site's objects. */
export function applySiteObjects(porch: Porch, sites: readonly string[]): void {
  const crd = porch.kubectl(['apply', '--server-side', '-f', OCLOUD_CRD]);
  if (crd.status !== 0) throw new Error(`the OCloud CRD was refused: ${crd.stderr}`);
  const established = porch.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/oclouds.focom.nephio.org']);
  if (established.status !== 0) throw new Error(`the OCloud CRD is not established: ${established.stderr}`);
  const applied = porch.kubectl(['apply', '--server-side', '-f', '-'], { input: siteObjects(sites) });
  if (applied.status !== 0) throw new Error(`the sites' objects were refused: ${applied.stderr}`);
}

/** The shipped PackageVariantSet, renamed and pointed at these sites and this blueprint revision. */
export function variantSet(
  name: string,
  sites: readonly string[],
  upstream: { workspaceName: string; revision: number; package?: string },
  repository?: string,
): Json {
  const shipped = parse(readFileSync(VARIANT_SET, 'utf8')) as {
    metadata: Json;
    spec: { upstream: Json; targets: { repositories: { name: string; packageNames: string[] }[] }[] };
  };
  if (shipped.spec.targets.length !== 1 || shipped.spec.targets[0].repositories.length !== 1) {
    throw new Error(`${VARIANT_SET}: expected one target with one repository`);
  }
  shipped.metadata.name = name;
  shipped.spec.upstream = { ...shipped.spec.upstream, ...upstream };
  shipped.spec.targets[0].repositories[0].packageNames = [...sites];
  if (repository !== undefined) shipped.spec.targets[0].repositories[0].name = repository;
  return shipped;
}

/** The downstream repository the shipped PackageVariantSet writes into. */
export function downstreamRepository(): string {
  const shipped = parse(readFileSync(VARIANT_SET, 'utf8')) as { spec: { targets: { repositories: { name: string }[] }[] } };
  return shipped.spec.targets[0].repositories[0].name;
}

/** porch-controllers injected the site's objects into the revision. */
export function injected(revision: PackageRevision, site: string): boolean {
  const conditions = new Map((revision.status.conditions ?? []).map((c) => [c.type, c.status]));
  return injectionConditions(site).every((type) => conditions.get(type) === 'True');
}

/** Every gate of the revision has a True condition, and the site's objects were injected. */
export function readyToApprove(revision: PackageRevision, site: string): boolean {
  const conditions = new Map((revision.status.conditions ?? []).map((c) => [c.type, c.status]));
  const gates = (revision.spec.readinessGates ?? []).map((g) => g.conditionType);
  return injected(revision, site) && gates.every((type) => conditions.get(type) === 'True');
}

export interface FleetTimeline {
  /** Milliseconds from `started` until the first site draft was ready to approve. */
  firstReady: number;
  /** ... until every site draft was ready to approve. */
  allReady: number;
  /** ... until every site had a published revision. */
  allPublished: number;
  /** Milliseconds spent in porchctl rpkg propose and approve. */
  approverMillis: number;
  /** How many propose or approve calls Porch refused and the approver repeated. */
  retries: number;
  /** The published revision of each site. */
  published: Map<string, PackageRevision>;
}

/**
 * The approver: polls the downstream repository's revisions and, for each of these sites, proposes
 * and approves its newest draft once readyToApprove holds, until every site has a published
 * revision in `workspace` (or any workspace when omitted). Fails after timeoutMs, naming the sites
 * still waiting and what their drafts say.
 */
export async function approveWhenReady(
  porch: Porch,
  repository: string,
  sites: readonly string[],
  options: { started: number; timeoutMs: number; isTarget?: (revision: PackageRevision) => boolean },
): Promise<FleetTimeline> {
  const isTarget = options.isTarget ?? (() => true);
  const readyAt = new Map<string, number>();
  let approverMillis = 0;
  let retries = 0;
  const refusals = new Map<string, string>();
  const published = new Map<string, PackageRevision>();
  const wanted = new Set(sites);
  const deadline = options.started + options.timeoutMs;
  for (;;) {
    const revisions = packageRevisions(porch).filter(
      (r) => r.spec.repository === repository && wanted.has(r.spec.packageName) && r.spec.workspaceName !== 'main' && isTarget(r),
    );
    for (const revision of revisions) {
      const site = revision.spec.packageName;
      if (published.has(site)) continue;
      if (revision.spec.lifecycle === 'Published') {
        published.set(site, revision);
        if (!readyAt.has(site)) readyAt.set(site, Date.now());
        continue;
      }
      if (!readyToApprove(revision, site)) continue;
      if (!readyAt.has(site)) readyAt.set(site, Date.now());
      const calling = Date.now();
      // Under load Porch v1.5.8 may refuse an approval right after the proposal ("cannot find
      // draft package branch refs/remotes/origin/proposed/..."): like an approval controller,
      // try again on the next round.
      for (const verb of revision.spec.lifecycle === 'Draft' ? ['propose', 'approve'] : ['approve']) {
        const result = porch.porchctl(['rpkg', verb, revision.metadata.name]);
        if (result.status === 0) continue;
        refusals.set(site, `porchctl rpkg ${verb}: ${result.stderr.trim()}`);
        retries += 1;
        break;
      }
      approverMillis += Date.now() - calling;
    }
    if (published.size === wanted.size) break;
    if (Date.now() > deadline) {
      const waiting = sites.filter((s) => !published.has(s));
      const states = waiting.map((site) => {
        const found = revisions.filter((r) => r.spec.packageName === site);
        const refused = refusals.has(site) ? ` (last refusal: ${refusals.get(site)})` : '';
        return `${site}${refused}: ${found.length === 0 ? 'no revision' : found.map((r) => `${r.metadata.name} ${r.spec.lifecycle} ${JSON.stringify(r.status.conditions ?? [])}`).join('; ')}`;
      });
      throw new Error(`timed out: ${waiting.length} of ${sites.length} sites not published\n${states.join('\n')}\n${porch.logs()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const times = [...readyAt.values()].map((t) => t - options.started);
  return {
    firstReady: Math.min(...times),
    allReady: Math.max(...times),
    allPublished: Date.now() - options.started,
    approverMillis,
    retries,
    published,
  };
}

/** The images of the three-function pipeline, in their order. */
export const THREE_STEP_IMAGES = ['validate-template-params', 'expand-provisioning-request', 'inject-ocloud-targeting'].map(
  (fn) => `registry.example.org/focom/${fn}:v0.1.0`,
);

/** Replaces the blueprint's one focom-render step (in dir's Kptfile) by the three functions, its configMap kept on inject's step. */
export function withThreeSteps(dir: string): void {
  const kptfile = join(dir, 'Kptfile');
  const text = readFileSync(kptfile, 'utf8');
  const step = `  - image: ${ONE_PROCESS_IMAGE}\n`;
  if (!text.includes(step)) throw new Error(`${kptfile}: no focom-render step where this code expects it`);
  writeFileSync(kptfile, text.replace(step, THREE_STEP_IMAGES.map((image) => `  - image: ${image}\n`).join('')));
}

/**
 * Publishes source as the package's revision in `workspace`: the first (v1) from an empty draft,
 * later ones copied from v1 (so Porch numbers them 2, 3, ...), each pushed, proposed and approved.
 */
export function publishPackage(porch: Porch, repository: string, pkg: string, source: string, workspace = 'v1'): PackageRevision {
  const name =
    workspace === 'v1'
      ? initDraft(porch, repository, pkg, workspace)
      : /^(\S+) created$/m.exec(porchctlOk(porch, ['rpkg', 'copy', `${repository}.${pkg}.v1`, `--workspace=${workspace}`]).stdout)?.[1];
  if (!name) throw new Error(`porchctl rpkg copy printed no name for ${pkg} ${workspace}`);
  const pushed = pushPackage(porch, name, source);
  if (pushed.status !== 0) throw new Error(`Porch refused ${pkg} ${workspace}:\n${pushed.stderr}`);
  porchctlOk(porch, ['rpkg', 'propose', name]);
  porchctlOk(porch, ['rpkg', 'approve', name]);
  return packageRevision(porch, name);
}

/** Moves a PackageVariantSet to another upstream revision (both fields, as Porch v1.5.8 needs). */
export function moveVariantSet(porch: Porch, name: string, upstream: { workspaceName: string; revision: number }): void {
  const patched = porch.kubectl([
    'patch',
    'packagevariantsets.config.porch.kpt.dev',
    name,
    '-n',
    PORCH_NAMESPACE,
    '--type=merge',
    '-p',
    JSON.stringify({ spec: { upstream } }),
  ]);
  if (patched.status !== 0) throw new Error(`kubectl patch of PackageVariantSet ${name} failed: ${patched.stderr}`);
}
