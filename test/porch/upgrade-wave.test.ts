/**
 * An upgrade wave through a real Porch, judged by a real Prometheus. Two PackageVariantSets share
 * the blueprint: a canary wave (site-01, site-02) and wave 2 (site-03, site-04), whose package
 * context names the canaries (sloCanarySites, sloCanaryBakeTime 1m). All four sites run the
 * blueprint's revision 1 (5g-ran-du v1.1.0); revision 2 moves to v1.2.0.
 *
 * The canary wave moves first: porch-controllers drafts the upgrades, observe-slos records the
 * canaries' v1.1.0 observation (which declares no SLO) into each draft, Porch renders it, the SLO
 * gate opens and the drafts are published. Then wave 2 moves: its drafts are held (CanariesNotBaked) while the
 * Prometheus that just loaded the canaries' v1.2.0 rules has not held them for the bake time; once
 * it has, observe-slos records it, the gate opens, and the drafts are approved.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '@focom/test-support/kpt';
import type { RuleGroup } from '@focom/observability';
import { usePorch } from '@focom/test-support/porch';
import { type RunningPrometheus, type SyntheticSeries, startPrometheus } from '@focom/test-support/prometheus';
import { runAsync } from '@focom/test-support/run-async';
import {
  conditionsByType,
  editedCopy,
  gitTree,
  type PackageRevision,
  packageRevisions,
  pipelineImages,
  porchctlOk,
  pullTree,
  writeTree,
} from '@focom/test-support/porch-packages';
import {
  applySiteObjects,
  approveWhenReady,
  BLUEPRINT,
  downstreamRepository,
  moveVariantSet,
  publishPackage,
  injected,
  variantSet,
} from '@focom/test-support/porch-fleet';

const UPSTREAM = 'focom-blueprints';
const CANARIES = ['site-01', 'site-02'];
const WAVE_2 = ['site-03', 'site-04'];
const V1 = '5g-ran-du@v1.1.0';
const V2 = '5g-ran-du@v1.2.0';
const OBSERVE = join(REPO_ROOT, 'bin', 'observe-slos');
const STEP = 300;
const MONTH = 30 * 288;
const downstream = downstreamRepository();
const sloGate = (site: string): string => `slo.focom.nephio.org/v1alpha1.FocomProvisioningRequest.${site}`;
const targetingGate = (site: string): string => `focom.nephio.org/v1alpha1.FocomProvisioningRequest.${site}`;

type Json = Record<string, unknown>;

/** The blueprint pinned to a 5g-ran-du version (the TemplateInfo names it). */
function blueprintAt(version: string): { dir: string; remove(): void } {
  return editedCopy(BLUEPRINT, (dir) => {
    const file = join(dir, 'template-info.yaml');
    const text = readFileSync(file, 'utf8');
    if (!text.includes('  template: "5g-ran-du"\n')) throw new Error('template-info.yaml no longer names template "5g-ran-du"');
    writeFileSync(file, text.replace('  template: "5g-ran-du"\n', `  template: "5g-ran-du"\n  templateVersion: "${version}"\n`));
  });
}

const porch = usePorch({ images: pipelineImages(BLUEPRINT), controllers: true });
let downstreamUrl = '';
let scratch = '';
let prometheus: RunningPrometheus | undefined;

beforeAll(() => {
  const p = porch();
  scratch = mkdtempSync(join(tmpdir(), 'focom-wave-'));
  p.registerRepository(UPSTREAM, p.createGitRepository(UPSTREAM));
  downstreamUrl = p.createGitRepository(downstream);
  p.registerRepository(downstream, downstreamUrl, { deployment: true });
  applySiteObjects(p, [...CANARIES, ...WAVE_2]);
  const v1 = blueprintAt('v1.1.0');
  try {
    publishPackage(p, UPSTREAM, 'focom-edge-site', v1.dir);
  } finally {
    v1.remove();
  }
}, 180_000);

afterAll(async () => {
  await prometheus?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The site's revisions in the downstream repository, without Porch's `main` placeholder. */
function siteRevisions(site: string): PackageRevision[] {
  return packageRevisions(porch()).filter(
    (r) => r.spec.repository === downstream && r.spec.packageName === site && r.spec.workspaceName !== 'main',
  );
}

/** The site's package as published at revision n, written under scratch. */
function publishedDir(site: string, revision: number): string {
  const dir = join(scratch, `${site}-published-${revision}`);
  rmSync(dir, { recursive: true, force: true });
  writeTree(dir, gitTree(downstreamUrl, `refs/tags/${site}/v${revision}`, site));
  return dir;
}

/**
 * Waits for the site's upgrade draft to the blueprint's revision 2, once porch-controllers is done
 * with it: after the upgrade it writes the package context and the injected objects again, and
 * logs "resources unchanged" when a reconcile finds nothing left to write. An edit pushed before
 * that would be overwritten, or would overwrite the wave's package context.
 */
async function upgradeDraft(site: string, setName: string): Promise<PackageRevision> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const draft = siteRevisions(site).find(
      (r) => r.spec.lifecycle === 'Draft' && r.status.upstreamLock?.git?.ref === 'focom-edge-site/v2' && injected(r, site),
    );
    const settled =
      draft !== undefined &&
      porch()
        .processLog('porch-controllers')
        .includes(`PackageVariant "${setName}-${downstream}-${site}", PackageRevision "${draft.metadata.name}", resources unchanged`);
    if (draft && settled && conditionsByType(draft).has(sloGate(site))) return revision(draft.metadata.name);
    if (Date.now() > deadline) throw new Error(`no settled upgrade draft of ${site}\n${porch().logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Every PrometheusRule's groups in a package directory. */
function ruleGroupsIn(dir: string): RuleGroup[] {
  const groups: RuleGroup[] = [];
  const walk = (current: string): void => {
    for (const name of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, name.name);
      if (name.isDirectory()) walk(full);
      else if (name.name.endsWith('.yaml'))
        for (const doc of parseAllDocuments(readFileSync(full, 'utf8'))) {
          const object = doc.toJS() as Json | null;
          if (object?.kind === 'PrometheusRule') groups.push(...((object.spec as { groups: RuleGroup[] }).groups ?? []));
        }
    }
  };
  walk(dir);
  return groups;
}

/** A month of healthy 5-minute SLI samples (0.01% errors) for every SLO of these rule groups. */
function healthyHistory(groups: readonly RuleGroup[], t0: number): SyntheticSeries[] {
  const seen = new Set<string>();
  const series: SyntheticSeries[] = [];
  for (const group of groups)
    for (const rule of group.rules) {
      if (!('record' in rule) || rule.record !== 'slo:sli_error:ratio_rate5m') continue;
      const key = JSON.stringify(rule.labels);
      if (seen.has(key)) continue;
      seen.add(key);
      series.push({
        name: 'slo:sli_error:ratio_rate5m',
        labels: rule.labels,
        samples: Array.from({ length: MONTH }, (_, i) => [t0 - (MONTH - 1 - i) * STEP, 0.0001] as const),
      });
    }
  return series;
}

async function startPrometheusWith(groups: RuleGroup[]): Promise<RunningPrometheus> {
  const t0 = Math.floor(Date.now() / 1000);
  const running = await startPrometheus({ ruleGroups: groups, history: healthyHistory(groups, t0), lookbackDelta: '30m' });
  const services = [...new Set(groups.flatMap((g) => g.rules.map((r) => r.labels?.sloth_service)).filter((s) => s !== undefined))];
  await running.waitForSeries(services.map((s) => `slo:period_error_budget_remaining:ratio{sloth_service="${s}"}`));
  return running;
}

/** Pulls the draft, runs observe-slos on it (the site's published revision as delivered), pushes it back: Porch renders it. */
async function observeAndPush(
  draft: PackageRevision,
  delivered: string,
  canaries: string[] = [],
): Promise<{ observation: Json; pushed: string }> {
  const p = porch();
  const dir = join(scratch, `${draft.metadata.name}-${Date.now()}`);
  porchctlOk(p, ['rpkg', 'pull', draft.metadata.name, dir]);
  const observed = await runAsync(OBSERVE, [
    dir,
    '--prometheus',
    prometheus!.url,
    '--delivered',
    delivered,
    ...canaries.flatMap((c) => ['--canary', c]),
  ]);
  if (observed.status !== 0) throw new Error(`observe-slos failed: ${observed.stderr}`);
  const observation = parse(readFileSync(join(dir, 'slo-observations.yaml'), 'utf8')) as Json;
  const pushed = porchctlOk(p, ['rpkg', 'push', draft.metadata.name, dir]);
  rmSync(dir, { recursive: true, force: true });
  return { observation, pushed: `${pushed.stdout}${pushed.stderr}` };
}

function revision(name: string): PackageRevision {
  return packageRevisions(porch()).find((r) => r.metadata.name === name)!;
}

describe('an upgrade wave through Porch', () => {
  it('starts every site of both waves on the blueprint revision 1 (5g-ran-du v1.1.0, which declares no SLO), published', async () => {
    const p = porch();
    const canaryWave = variantSet('wave-canary', CANARIES, { workspaceName: 'v1', revision: 1 });
    const wave2 = variantSet('wave-2', WAVE_2, { workspaceName: 'v1', revision: 1 }) as { spec: { targets: Json[] } };
    wave2.spec.targets[0].template = {
      ...(wave2.spec.targets[0].template as Json),
      packageContext: { data: { sloCanarySites: CANARIES.join(','), sloCanaryBakeTime: '1m' } },
    };
    for (const set of [canaryWave, wave2]) {
      const applied = p.kubectl(['apply', '-f', '-'], { input: JSON.stringify(set) });
      if (applied.status !== 0) throw new Error(`a PackageVariantSet was refused: ${applied.stderr}`);
    }
    const timeline = await approveWhenReady(p, downstream, [...CANARIES, ...WAVE_2], { started: Date.now(), timeoutMs: 240_000 });
    for (const [site, revision] of timeline.published) {
      expect([site, conditionsByType(revision).get(sloGate(site))?.reason]).toEqual([site, 'NoSlosDeclared']);
      const tree = gitTree(downstreamUrl, `refs/tags/${site}/v1`, site);
      expect(tree.get(`generated/o2ims/${site}/deployment_ran-du.yaml`)).toContain(`focom.nephio.org/template: ${V1}`);
    }
    // Wave 2's package context carries its canaries; the canary wave's does not.
    expect(parse(gitTree(downstreamUrl, 'refs/tags/site-03/v1', 'site-03').get('package-context.yaml')!)).toMatchObject({
      data: { name: 'site-03', sloCanarySites: 'site-01,site-02', sloCanaryBakeTime: '1m' },
    });
    expect(
      (parse(gitTree(downstreamUrl, 'refs/tags/site-01/v1', 'site-01').get('package-context.yaml')!) as { data: Json }).data,
    ).not.toHaveProperty('sloCanarySites');
  }, 300_000);

  it('moves the canary wave first: its drafts are held until observed, then pass their own SLO gate and are published', async () => {
    const p = porch();
    const v2 = blueprintAt('v1.2.0');
    try {
      expect(publishPackage(p, UPSTREAM, 'focom-edge-site', v2.dir, 'v2').spec.revision).toBe(2);
    } finally {
      v2.remove();
    }
    moveVariantSet(p, 'wave-canary', { workspaceName: 'v2', revision: 2 });
    const delivered = new Map(CANARIES.map((site) => [site, publishedDir(site, 1)]));
    prometheus = await startPrometheusWith(CANARIES.flatMap((site) => ruleGroupsIn(delivered.get(site)!)));

    for (const site of CANARIES) {
      const draft = await upgradeDraft(site, 'wave-canary');
      // Before anyone observed the site, the upgrade is held, and Porch refuses to propose it.
      expect(conditionsByType(draft).get(sloGate(site))).toEqual(expect.objectContaining({ status: 'False', reason: 'NoObservation' }));
      const refused = p.porchctl(['rpkg', 'propose', draft.metadata.name]);
      expect([refused.status, refused.stderr]).toEqual([1, expect.stringContaining('readiness conditions not met')]);

      // The upgrade's diff, as the render keeps it in the request's condition (PackageVariant status
      // shows only the last render's results, and porch-controllers renders again after injecting).
      expect(conditionsByType(draft).get(targetingGate(site))?.message).toContain(`upgraded from ${V1} to v1.2.0: added`);

      const { observation } = await observeAndPush(draft, delivered.get(site)!);
      expect(observation).toMatchObject({ spec: { requests: [{ request: site, template: V1 }] } });
      // v1.1.0 declares no SLO, so the observation has nothing to hold the canary's own upgrade by.
      const gate = conditionsByType(revision(draft.metadata.name)).get(sloGate(site));
      expect([gate?.status, gate?.reason]).toEqual(['True', 'NoSlosDeclared']);
      expect(gate?.message).toContain(`may proceed: ${V1} declares no SLOs`);
    }
    const timeline = await approveWhenReady(p, downstream, CANARIES, {
      started: Date.now(),
      timeoutMs: 120_000,
      isTarget: (r) => r.status.upstreamLock?.git?.ref === 'focom-edge-site/v2',
    });
    for (const site of CANARIES) expect(timeline.published.get(site)?.spec.revision).toBe(2);
    await prometheus.stop();
    prometheus = undefined;
  }, 300_000);

  it("holds wave 2 (CanariesNotBaked) until Prometheus has held the canaries' v1.2.0 rules for the bake time, then approves it", async () => {
    const p = porch();
    const canaryPackages = CANARIES.map((site) => publishedDir(site, 2));
    const delivered = new Map(WAVE_2.map((site) => [site, publishedDir(site, 1)]));
    moveVariantSet(p, 'wave-2', { workspaceName: 'v2', revision: 2 });
    const drafts = new Map<string, PackageRevision>();
    for (const site of WAVE_2) {
      const draft = await upgradeDraft(site, 'wave-2');
      drafts.set(site, draft);
      // The upgrade keeps the wave's canaries in the package context.
      expect(parse(pullTree(p, draft.metadata.name).get('package-context.yaml')!)).toMatchObject({
        data: { sloCanarySites: 'site-01,site-02' },
      });
      expect(conditionsByType(draft).get(targetingGate(site))?.message).toContain(`upgraded from ${V1} to v1.2.0: added`);
    }
    // The canaries run v1.2.0 from now on: this Prometheus loads their new rules (and wave 2's own).
    // observe-slos reads a run in 5-minute steps, so the first observations come right after it starts.
    prometheus = await startPrometheusWith([...canaryPackages, ...delivered.values()].flatMap(ruleGroupsIn));
    for (const site of WAVE_2) {
      const draft = drafts.get(site)!;
      await observeAndPush(draft, delivered.get(site)!, canaryPackages);
      const gate = conditionsByType(revision(draft.metadata.name)).get(sloGate(site));
      expect([gate?.status, gate?.reason]).toEqual(['False', 'CanariesNotBaked']);
      expect(gate?.message).toContain(`0 of 2 required canaries ran ${V2} for 1m00s with healthy SLOs`);
      const refused = p.porchctl(['rpkg', 'propose', draft.metadata.name]);
      expect([refused.status, refused.stderr]).toEqual([1, expect.stringContaining('readiness conditions not met')]);
    }

    // observe-slos asks Prometheus in 5-minute steps: wait until it records both canaries on
    // v1.2.0 for a minute (observing a scratch copy, so Porch renders only the decisive push).
    const probe = join(scratch, 'probe');
    const deadline = Date.now() + 480_000;
    for (;;) {
      rmSync(probe, { recursive: true, force: true });
      porchctlOk(p, ['rpkg', 'pull', drafts.get(WAVE_2[0])!.metadata.name, probe]);
      const observed = await runAsync(OBSERVE, [
        probe,
        '--prometheus',
        prometheus.url,
        '--delivered',
        delivered.get(WAVE_2[0])!,
        ...canaryPackages.flatMap((c) => ['--canary', c]),
      ]);
      if (observed.status !== 0) throw new Error(`observe-slos failed: ${observed.stderr}`);
      const spec = (
        parse(readFileSync(join(probe, 'slo-observations.yaml'), 'utf8')) as {
          spec: { observedAt: string; canaries: { runningSince?: string }[] };
        }
      ).spec;
      const baked = spec.canaries.every(
        (c) => c.runningSince !== undefined && Date.parse(spec.observedAt) - Date.parse(c.runningSince) >= 60_000,
      );
      if (baked) break;
      if (Date.now() > deadline) throw new Error(`the canaries never baked: ${JSON.stringify(spec.canaries)}`);
      await new Promise((resolve) => setTimeout(resolve, 15_000));
    }

    for (const site of WAVE_2) {
      const { observation } = await observeAndPush(revision(drafts.get(site)!.metadata.name), delivered.get(site)!, canaryPackages);
      expect((observation.spec as { canaries: Json[] }).canaries).toEqual([
        expect.objectContaining({ package: 'site-01', template: V2 }),
        expect.objectContaining({ package: 'site-02', template: V2 }),
      ]);
      const gate = conditionsByType(revision(drafts.get(site)!.metadata.name)).get(sloGate(site));
      expect([gate?.status, gate?.reason]).toEqual(['True', 'SloHealthy']);
      expect(gate?.message).toContain(`canaries: 2 of 2 required canaries ran ${V2} for 1m00s with healthy SLOs`);
    }
    const timeline = await approveWhenReady(p, downstream, WAVE_2, {
      started: Date.now(),
      timeoutMs: 120_000,
      isTarget: (r) => r.status.upstreamLock?.git?.ref === 'focom-edge-site/v2',
    });
    for (const site of WAVE_2) {
      expect(timeline.published.get(site)?.spec.revision).toBe(2);
      expect(gitTree(downstreamUrl, `refs/tags/${site}/v2`, site).get(`generated/o2ims/${site}/deployment_ran-du.yaml`)).toContain(
        `focom.nephio.org/template: ${V2}`,
      );
    }
  }, 1_200_000);
});
