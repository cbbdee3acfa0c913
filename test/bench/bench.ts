/**
 * `npm run bench`: cold start against a bare Node pass-through, the functions (functions/registry.ts) piped over
 * generated fleets, and kpt's own floor. Prints tables; asserts nothing (timings depend on the machine and its load).
 * Peak RSS comes from GNU time (`apt-get install time` if /usr/bin/time is missing).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fleetResourceList, writeFleetPackage } from './fleet';
import { idleFunctions, seedRenders } from './per-site';
import { FUNCTIONS as REGISTRY } from '../../functions/registry';
import { porchTable } from './porch';

const ROOT = resolve(__dirname, '..', '..');
const FUNCTIONS = REGISTRY.map((f) => f.name);
/** The pipeline's stages, and the functions that are the whole pipeline in one process. */
const STAGES = REGISTRY.filter((f) => f.stage).map((f) => f.name);
const WHOLE = REGISTRY.filter((f) => !f.stage).map((f) => f.name);
const GNU_TIME = '/usr/bin/time';
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 9);
const FLEET_SIZES = (process.env.BENCH_FLEET ?? '1,100,1000,10000').split(',').map(Number);
/** Fleet sizes fanned out through a real Porch (`BENCH_PORCH=0` skips it: each size starts Porch twice). */
const PORCH_SIZES = (process.env.BENCH_PORCH ?? '10,50')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);

interface Measured {
  seconds: number;
  peakKiB?: number;
  stdout: string;
  status: number;
}

function measure(command: string, args: string[], input: string, cwd = ROOT): Measured {
  const timed = existsSync(GNU_TIME);
  const start = process.hrtime.bigint();
  const run = timed
    ? spawnSync(GNU_TIME, ['-f', '%M', command, ...args], { cwd, input, encoding: 'utf8', maxBuffer: 2 ** 31 - 1 })
    : spawnSync(command, args, { cwd, input, encoding: 'utf8', maxBuffer: 2 ** 31 - 1 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const peak = timed ? Number(run.stderr.trim().split('\n').pop()) : undefined;
  return { seconds, stdout: run.stdout, status: run.status ?? -1, ...(peak !== undefined && !Number.isNaN(peak) ? { peakKiB: peak } : {}) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`;
const mib = (k?: number) => (k === undefined ? 'n/a' : `${(k / 1024).toFixed(0)} MiB`);

function coldStart(): void {
  const source = spawnSync('kpt', ['fn', 'source', 'packages/examples/seed-edge'], { cwd: ROOT, encoding: 'utf8' });
  if (source.status !== 0) throw new Error(`kpt fn source failed: ${source.stderr}`);
  const bare = join(mkdtempSync(join(tmpdir(), 'bench-')), 'bare.js');
  writeFileSync(
    bare,
    "const c=[];process.stdin.on('data',d=>c.push(d));process.stdin.on('end',()=>process.stdout.write(Buffer.concat(c)));\n",
  );
  const samples = new Map<string, number[]>([['bare node', []], ...FUNCTIONS.map((f) => [f, []] as [string, number[]])]);
  for (let i = 0; i < COLD_RUNS; i++) {
    samples.get('bare node')!.push(measure(process.execPath, [bare], source.stdout).seconds);
    for (const fn of FUNCTIONS) samples.get(fn)!.push(measure(join(ROOT, 'bin', fn), [], source.stdout).seconds);
  }
  const baseline = median(samples.get('bare node')!);
  const rows = [...samples].map(([name, values]) => [name, ms(median(values)), `${(median(values) / baseline).toFixed(2)}x`]);
  console.log(`\nCold start on the seed package (median of ${COLD_RUNS} interleaved runs; target <= 1.2x bare node)\n`);
  console.log(table(['command', 'median', 'vs bare node'], rows));
}

function fleets(): Map<number, number> {
  const totals = new Map<number, number>();
  /** The largest peak RSS of a stage, per fleet size. */
  const stagePeaks = new Map<number, number>();
  const rows: string[][] = [];
  for (const n of FLEET_SIZES) {
    const fleet = fleetResourceList(n);
    let input = fleet;
    let total = 0;
    for (const fn of STAGES) {
      const m = measure(join(ROOT, 'bin', fn), [], input);
      if (m.status !== 0) throw new Error(`${fn} failed on the ${n}-site fleet`);
      total += m.seconds;
      if (m.peakKiB !== undefined) stagePeaks.set(n, Math.max(stagePeaks.get(n) ?? 0, m.peakKiB));
      const items = (m.stdout.slice(m.stdout.search(/^items:/m)).match(/^- /gm) ?? []).length;
      rows.push([String(n), fn, ms(m.seconds), mib(m.peakKiB), String(items)]);
      input = m.stdout;
    }
    totals.set(n, total);
    rows.push([String(n), `the ${STAGES.length} stages`, ms(total), '', '']);
    for (const fn of WHOLE) {
      const m = measure(join(ROOT, 'bin', fn), [], fleet);
      if (m.status !== 0) throw new Error(`${fn} failed on the ${n}-site fleet`);
      rows.push([
        String(n),
        `${fn} (one process)`,
        ms(m.seconds),
        mib(m.peakKiB),
        String((m.stdout.slice(m.stdout.search(/^items:/m)).match(/^- /gm) ?? []).length),
      ]);
    }
  }
  console.log(
    '\nFleet of N sites piped through the functions (target: 1,000 sites <= 4 s, <= 512 MiB per stage; 10,000 sites <= 1 GiB per stage)\n',
  );
  console.log(table(['sites', 'stage', 'wall', 'peak RSS', 'items out'], rows));
  const t1000 = totals.get(1000);
  const t10000 = totals.get(10000);
  if (t1000 && t10000) console.log(`\n10,000 / 1,000 sites: ${(t10000 / t1000).toFixed(2)}x (target <= 10.5x: linear)`);
  const peak10000 = stagePeaks.get(10000);
  if (peak10000 !== undefined) console.log(`10,000 sites: largest stage peak RSS ${mib(peak10000)} (target <= 1024 MiB)`);
  return totals;
}

/**
 * What re-reading every text edit costs: inject-ocloud-targeting (the stage that stamps thousands
 * of generated resources through text edits) on the 1,000-site fleet, with the re-reading on
 * (as users run it) and off (FOCOM_VERIFY_TEXT_EDITS=skip, a bench-only setting), interleaved.
 */
function editVerification(): void {
  const n = 1000;
  let input = fleetResourceList(n);
  let upstream = 0;
  for (const fn of STAGES.slice(0, -1)) {
    const m = measure(join(ROOT, 'bin', fn), [], input);
    upstream += m.seconds;
    input = m.stdout;
  }
  const inject = join(ROOT, 'bin', STAGES[STAGES.length - 1]);
  const samples: Record<'on' | 'off', number[]> = { on: [], off: [] };
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const mode of ['off', 'on'] as const) {
      const env = { ...process.env, FOCOM_VERIFY_TEXT_EDITS: mode === 'off' ? 'skip' : '' };
      const start = process.hrtime.bigint();
      const run = spawnSync(inject, [], { cwd: ROOT, input, env, encoding: 'utf8', maxBuffer: 2 ** 31 - 1 });
      if (run.status !== 0) throw new Error('inject-ocloud-targeting failed on the fleet');
      samples[mode].push(Number(process.hrtime.bigint() - start) / 1e9);
    }
  }
  const base = median(samples.off);
  const row = (name: string, values: number[]): string[] => {
    const sorted = [...values].sort((a, b) => a - b);
    return [name, ms(sorted[0]), ms(median(values)), ms(sorted[sorted.length - 1]), `${(median(values) / base).toFixed(2)}x`];
  };
  console.log(`
Re-reading every text edit: inject-ocloud-targeting on the ${n}-site fleet (${COLD_RUNS} interleaved runs; target <= 1.10x)
`);
  console.log(
    table(
      ['text edits', 'min', 'median', 'max', 'vs not re-read'],
      [row('not re-read (baseline)', samples.off), row('re-read and compared', samples.on)],
    ),
  );
  const fleetRatio = (upstream + median(samples.on)) / (upstream + base);
  console.log(
    `\nThe whole ${n}-site fleet (validate and expand ${ms(upstream)}, then inject): ${fleetRatio.toFixed(2)}x with re-reading (target <= 1.10x)`,
  );
}

function kptFloor(): void {
  const n = 1000;
  const rows: string[][] = [];
  const variants: Array<[string, string[]]> = [
    [`${STAGES.length} functions`, STAGES.map((f) => `./bin/${f}`)],
    ...WHOLE.map((f): [string, string[]] => [`${f} (one process)`, [`./bin/${f}`]]),
    [`${STAGES.length} exec: cat (kpt floor)`, STAGES.map(() => 'cat')],
  ];
  for (const [name, pipeline] of variants) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-kpt-'));
    const pkg = join(dir, 'fleet');
    writeFleetPackage(pkg, n, pipeline);
    const m = measure('kpt', ['fn', 'render', pkg, '--allow-exec'], '');
    if (m.status !== 0) throw new Error(`kpt fn render (${name}) failed`);
    rows.push([name, ms(m.seconds), mib(m.peakKiB)]);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nkpt fn render of the ${n}-site package\n`);
  console.log(table(['pipeline', 'wall', 'kpt peak RSS'], rows));
}

async function main(): Promise<void> {
  const version = spawnSync('kpt', ['version'], { encoding: 'utf8' }).stdout.trim();
  console.log(
    `node ${process.version}, kpt ${version}, ${cpus().length} cores${existsSync(GNU_TIME) ? '' : ' (no /usr/bin/time: peak RSS not measured)'}`,
  );
  if (!readFileSync(join(ROOT, 'bin', FUNCTIONS[0]), 'utf8').includes('launchBundle')) throw new Error('run npm run build first');
  const perSite = { root: ROOT, runs: COLD_RUNS, functions: FUNCTIONS, stages: STAGES, ...(WHOLE[0] ? { combined: WHOLE[0] } : {}) };
  if (process.env.BENCH_ONLY === 'porch') {
    await porchTable(PORCH_SIZES, table);
    return;
  }
  if (process.env.BENCH_ONLY === 'per-site') {
    idleFunctions(perSite, table);
    seedRenders(perSite, table);
    return;
  }
  if (process.env.BENCH_ONLY === 'fleet') {
    fleets();
    return;
  }
  coldStart();
  idleFunctions(perSite, table);
  seedRenders(perSite, table);
  fleets();
  editVerification();
  if (process.env.BENCH_SKIP_KPT !== '1') kptFloor();
  if (PORCH_SIZES.length > 0) await porchTable(PORCH_SIZES, table);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
