/**
 * What a user feels per render: Porch renders one small package per site. Two tables, each
 * measured interleaved run by run (min / median / max): a function with nothing to do against a
 * bare Node pass-through, and `kpt fn render` of the seed package through each pipeline against
 * one `exec: cat` step.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unrelatedResourceList } from './unrelated';

export interface PerSiteOptions {
  root: string;
  runs: number;
  functions: readonly string[];
  /** The Kptfile pipeline's stages, in order. */
  stages: readonly string[];
  /** The one-process executable, when the registry has one. */
  combined?: string;
}

type Sample = Record<string, number[]>;

function seconds(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function timed(command: string, args: string[], input: string, cwd: string): number {
  return seconds(() => {
    const out = spawnSync(command, args, { cwd, input, encoding: 'utf8', maxBuffer: 2 ** 31 - 1 });
    if (out.status !== 0 && out.status !== 1) throw new Error(`${command} ${args.join(' ')} failed: ${out.stderr}`);
  });
}

function stats(values: number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1] };
}

function rows(samples: Sample, baseline: string): string[][] {
  const base = stats(samples[baseline]).median;
  const ms = (s: number): string => `${(s * 1000).toFixed(0)} ms`;
  return Object.entries(samples).map(([name, values]) => {
    const s = stats(values);
    return [name, ms(s.min), ms(s.median), ms(s.max), `${(s.median / base).toFixed(2)}x`];
  });
}

/** A function with nothing to do, on the seed and on a 1 MB package of unrelated resources. */
export function idleFunctions(options: PerSiteOptions, table: (header: string[], rows: string[][]) => string): void {
  const bare = join(mkdtempSync(join(tmpdir(), 'bench-')), 'bare.js');
  writeFileSync(
    bare,
    "const c=[];process.stdin.on('data',d=>c.push(d));process.stdin.on('end',()=>process.stdout.write(Buffer.concat(c)));\n",
  );
  const source = spawnSync('kpt', ['fn', 'source', 'packages/examples/seed-edge'], { cwd: options.root, encoding: 'utf8' });
  if (source.status !== 0) throw new Error(`kpt fn source failed: ${source.stderr}`);
  const inputs: Array<[string, string]> = [
    ['seed package', source.stdout],
    ['1 MB of unrelated resources', unrelatedResourceList(1024 * 1024)],
  ];
  for (const [name, input] of inputs) {
    const samples: Sample = { 'bare node pass-through': [] };
    for (const fn of options.functions) samples[fn] = [];
    for (let i = 0; i < options.runs; i++) {
      samples['bare node pass-through'].push(timed(process.execPath, [bare], input, options.root));
      for (const fn of options.functions) samples[fn].push(timed(join(options.root, 'bin', fn), [], input, options.root));
    }
    console.log(
      `\nOne function on the ${name} (${(input.length / 1024).toFixed(0)} KiB), ${options.runs} interleaved runs; target <= 1.20x when it has nothing to do\n`,
    );
    console.log(table(['command', 'min', 'median', 'max', 'vs bare node'], rows(samples, 'bare node pass-through')));
  }
}

/** `kpt fn render` of the seed package: the three functions, the one-process executable, `cat`. */
export function seedRenders(options: PerSiteOptions, table: (header: string[], rows: string[][]) => string): void {
  const seed = join(options.root, 'packages', 'examples', 'seed-edge');
  const pipelines: Record<string, string[]> = {
    'one exec: cat (kpt floor)': ['cat'],
    'three exec: cat': ['cat', 'cat', 'cat'],
    'three functions': options.stages.map((f) => `./bin/${f}`),
  };
  if (options.combined) pipelines[`${options.combined} (one process)`] = [`./bin/${options.combined}`];
  const dir = mkdtempSync(join(tmpdir(), 'bench-seed-'));
  const samples: Sample = {};
  for (const name of Object.keys(pipelines)) samples[name] = [];
  try {
    for (let i = 0; i < options.runs; i++) {
      for (const [name, steps] of Object.entries(pipelines)) {
        const pkg = join(dir, `run-${i}-${Object.keys(pipelines).indexOf(name)}`);
        cpSync(seed, pkg, { recursive: true });
        const kptfile = join(pkg, 'Kptfile');
        const mutators = steps.map((s) => `    - exec: ${s}`).join('\n');
        const text = readFileSync(kptfile, 'utf8').replace(/ {4}- exec: .*\n/g, '');
        writeFileSync(kptfile, text.replace('  mutators:\n', `  mutators:\n${mutators}\n`));
        samples[name].push(
          seconds(() => {
            const out = spawnSync('kpt', ['fn', 'render', pkg, '--allow-exec'], { cwd: options.root, encoding: 'utf8' });
            if (out.status !== 0) throw new Error(`kpt fn render (${name}) failed: ${out.stderr}`);
          }),
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nkpt fn render of the seed package, ${options.runs} interleaved runs; target for one process <= 1.50x one exec: cat\n`);
  console.log(table(['pipeline', 'min', 'median', 'max', 'vs one cat'], rows(samples, 'one exec: cat (kpt floor)')));
}
