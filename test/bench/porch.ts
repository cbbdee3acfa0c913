/**
 * The Porch table of `npm run bench`: a PackageVariantSet fans the blueprint out to N sites in a
 * real Porch v1.5.8 with porch-controllers, for each blueprint pipeline (the three functions, or
 * focom-render in one process), and the approver publishes each site once its gates are True.
 * Each run gets a fresh Porch and API server, so memory peaks and git work belong to that run.
 * Printed: time to the first and to all N drafts ready and to N published, per-package render
 * latency in the function runner, where the time went, peak memory of each Porch process, and
 * the floor, `kpt fn render` of the same N packages here.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Porch, startPorch } from '@focom/cluster-harness';
import { gitTree, pipelineImages, renderWithKpt, writeTree } from '@focom/test-support/porch-packages';
import {
  applySiteObjects,
  approveWhenReady,
  BLUEPRINT,
  publishPackage,
  siteNames,
  THREE_STEP_IMAGES,
  variantSet,
  withThreeSteps,
} from '@focom/test-support/porch-fleet';
import { type Evaluation, evaluations, gitPushMillis, packageRenders, quantile } from './porch-logs';

type Table = (header: string[], rows: string[][]) => string;

interface Pipeline {
  name: string;
  /** The blueprint package, as pushed to the upstream repository. */
  source: string;
}

interface FleetRun {
  pipeline: string;
  n: number;
  firstReadyMs: number;
  allReadyMs: number;
  publishedMs: number;
  renders: number[];
  evaluations: Evaluation[];
  gitPushMs: number;
  approverMs: number;
  retries: number;
  /** PackageVariant reconciles that found the draft up to date, and that created one. */
  reconciles: { unchanged: number; created: number };
  peakKiB: Map<string, number>;
  floorMs: number;
}

const UPSTREAM = 'focom-blueprints';

/** VmHWM (peak resident set) of a live process, in KiB. */
function peakKiB(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : NaN;
}

async function fanOut(pipeline: Pipeline, n: number): Promise<FleetRun> {
  const porch: Porch = await startPorch({ images: [...pipelineImages(BLUEPRINT), ...THREE_STEP_IMAGES], controllers: true });
  try {
    const downstream = 'edge-sites';
    porch.registerRepository(UPSTREAM, porch.createGitRepository(UPSTREAM));
    const downstreamUrl = porch.createGitRepository(downstream);
    porch.registerRepository(downstream, downstreamUrl, { deployment: true });
    const sites = siteNames(n);
    applySiteObjects(porch, sites);
    publishPackage(porch, UPSTREAM, 'focom-edge-site', pipeline.source);
    const runnerFrom = porch.processLog('porch-function-runner').length;
    const porchFrom = porch.processLog('porch').length;

    const started = Date.now();
    const applied = porch.kubectl(['apply', '-f', '-'], {
      input: JSON.stringify(variantSet('focom-edge-fleet', sites, { workspaceName: 'v1', revision: 1 })),
    });
    if (applied.status !== 0) throw new Error(`the PackageVariantSet was refused: ${applied.stderr}`);
    const timeline = await approveWhenReady(porch, downstream, sites, { started, timeoutMs: 120_000 + n * 20_000 });

    const runnerLog = porch.processLog('porch-function-runner').slice(runnerFrom);
    const porchLog = porch.processLog('porch').slice(porchFrom);
    const controllersLog = porch.processLog('porch-controllers');
    const peaks = new Map(porch.processes().map((p) => [p.name, peakKiB(p.pid)]));

    const floorStart = Date.now();
    const scratch = mkdtempSync(join(tmpdir(), 'bench-porch-floor-'));
    try {
      for (const site of sites) {
        const dir = join(scratch, site);
        writeTree(dir, gitTree(downstreamUrl, `refs/tags/${site}/v1`, site));
        renderWithKpt(dir, porch.binaries.applyReplacements);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    return {
      pipeline: pipeline.name,
      n,
      firstReadyMs: timeline.firstReady,
      allReadyMs: timeline.allReady,
      publishedMs: timeline.allPublished,
      renders: packageRenders(runnerLog, pipeline.name === 'three functions' ? 3 : 1),
      evaluations: evaluations(runnerLog),
      gitPushMs: gitPushMillis(porchLog),
      approverMs: timeline.approverMillis,
      retries: timeline.retries,
      reconciles: {
        unchanged: (controllersLog.match(/resources unchanged$/gm) ?? []).length,
        created: (controllersLog.match(/ created package revision /g) ?? []).length,
      },
      peakKiB: peaks,
      floorMs: Date.now() - floorStart,
    };
  } finally {
    await porch.stop();
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const mib = (kib: number | undefined): string => (kib === undefined || Number.isNaN(kib) ? 'n/a' : `${(kib / 1024).toFixed(0)} MiB`);

export async function porchTable(sizes: readonly number[], table: Table): Promise<void> {
  const threeSteps = mkdtempSync(join(tmpdir(), 'bench-porch-blueprint-'));
  cpSync(BLUEPRINT, threeSteps, { recursive: true });
  withThreeSteps(threeSteps);
  const pipelines: Pipeline[] = [
    { name: 'three functions', source: threeSteps },
    { name: 'focom-render', source: BLUEPRINT },
  ];
  const runs: FleetRun[] = [];
  try {
    for (const n of sizes) for (const pipeline of pipelines) runs.push(await fanOut(pipeline, n));
  } finally {
    rmSync(threeSteps, { recursive: true, force: true });
  }
  const baseline = runs.find((r) => r.pipeline === 'three functions' && r.n === sizes[0])!;
  console.log(
    `\nPorch v1.5.8 fan-out: one PackageVariantSet, N sites, each site rendered by the function runner and published once its gates are True\n` +
      `(the approver polls every 250 ms and runs porchctl rpkg propose/approve; ratios against the three-function pipeline at N = ${sizes[0]})\n`,
  );
  console.log(
    table(
      [
        'N',
        'pipeline',
        'first ready',
        'all ready',
        'N published',
        'per site',
        'vs baseline',
        'render median',
        'render p95',
        'renders/site',
        'kpt floor',
      ],
      runs.map((r) => [
        String(r.n),
        r.pipeline,
        seconds(r.firstReadyMs),
        seconds(r.allReadyMs),
        seconds(r.publishedMs),
        `${(r.publishedMs / r.n / 1000).toFixed(2)} s`,
        `${(r.publishedMs / r.n / (baseline.publishedMs / baseline.n)).toFixed(2)}x`,
        `${quantile(r.renders, 0.5).toFixed(0)} ms`,
        `${quantile(r.renders, 0.95).toFixed(0)} ms`,
        (r.renders.length / r.n).toFixed(1),
        seconds(r.floorMs),
      ]),
    ),
  );
  console.log('\nWhere the time goes (sums over the run; the processes overlap, so the parts need not add up to the whole)\n');
  console.log(
    table(
      [
        'N',
        'pipeline',
        'N published',
        'function runner',
        'evaluations',
        'git pushes',
        'approver (porchctl)',
        'refused, retried',
        'PV reconciles (no-op)',
        'porch peak',
        'runner peak',
        'controllers peak',
        'apiserver peak',
      ],
      runs.map((r) => [
        String(r.n),
        r.pipeline,
        seconds(r.publishedMs),
        seconds(r.evaluations.reduce((sum, e) => sum + e.ms, 0)),
        String(r.evaluations.length),
        seconds(r.gitPushMs),
        seconds(r.approverMs),
        String(r.retries),
        `${r.reconciles.unchanged + r.reconciles.created} (${r.reconciles.unchanged})`,
        mib(r.peakKiB.get('porch')),
        mib(r.peakKiB.get('porch-function-runner')),
        mib(r.peakKiB.get('porch-controllers')),
        mib(r.peakKiB.get('kube-apiserver')),
      ]),
    ),
  );
}
