/**
 * A real Prometheus (Debian's `prometheus` package) on 127.0.0.1, for end-to-end tests: a fresh
 * data directory backfilled with synthetic history by `promtool tsdb create-blocks-from
 * openmetrics`, the SLO rule groups loaded from a rule file, a port the kernel picked. `stop()`
 * ends the process and removes the directory; a test file calls it in afterAll, so it runs
 * whether the tests passed or not, and the process is also killed if the test process exits.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { RuleGroup } from '@focom/observability';
import { freePort } from '@focom/cluster-harness';

/** One series of synthetic history: samples as [unix seconds, value], oldest first. */
export interface SyntheticSeries {
  /** The metric name as queried (`slo:sli_error:ratio_rate5m`, `focom_test_requests_total`). */
  name: string;
  labels: Readonly<Record<string, string>>;
  samples: ReadonlyArray<readonly [number, number]>;
}

export interface PrometheusOptions {
  ruleGroups: readonly RuleGroup[];
  history: readonly SyntheticSeries[];
  /** How often rules are evaluated (default 1s, so tests wait little). */
  evaluationInterval?: string;
  /** How far back an instant selector looks (Prometheus's default is 5m). */
  lookbackDelta?: string;
}

export interface RunningPrometheus {
  url: string;
  /** GET a path of the HTTP API; the body as text. */
  get(path: string): Promise<{ status: number; body: string }>;
  /** Waits until every query returns at least one series, or fails naming the ones that did not. */
  waitForSeries(queries: readonly string[], timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The history as OpenMetrics text: families not interleaved, a counter family named without its
 * `_total` suffix, each series' samples in time order, `# EOF` at the end.
 */
export function openMetricsText(history: readonly SyntheticSeries[]): string {
  const families = new Map<string, SyntheticSeries[]>();
  for (const series of history) families.set(series.name, [...(families.get(series.name) ?? []), series]);
  const lines: string[] = [];
  for (const [name, members] of families) {
    const counter = name.endsWith('_total');
    lines.push(`# TYPE ${counter ? name.slice(0, -'_total'.length) : name} ${counter ? 'counter' : 'gauge'}`);
    for (const series of members) {
      const labels = Object.entries(series.labels)
        .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
        .join(',');
      for (const [time, value] of series.samples) lines.push(`${name}{${labels}} ${value} ${time}`);
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'focom-prometheus-'));
  try {
    const data = join(dir, 'data');
    writeFileSync(join(dir, 'history.om'), openMetricsText(options.history));
    // One block for the whole month: 2-hour blocks (the default) make hundreds of directories to open.
    const backfill = spawnSync(
      'promtool',
      ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=744h', '--quiet', 'history.om', data],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    if (backfill.error) throw new Error(`promtool cannot be run (install Debian's prometheus package): ${backfill.error.message}`);
    if (backfill.status !== 0)
      throw new Error(`promtool tsdb create-blocks-from openmetrics failed:\n${backfill.stdout}${backfill.stderr}`);
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: options.ruleGroups }));
    writeFileSync(
      join(dir, 'prometheus.yaml'),
      stringify({ global: { evaluation_interval: options.evaluationInterval ?? '1s' }, rule_files: ['rules.yaml'] }),
    );
    for (let attempt = 1; ; attempt++) {
      try {
        return await launch(dir, data, options);
      } catch (error) {
        // Another process may take the port between freePort() and prometheus binding it.
        if (attempt >= 3 || !(error instanceof Error) || !/address already in use/.test(error.message)) throw error;
      }
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function launch(dir: string, data: string, options: PrometheusOptions): Promise<RunningPrometheus> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yaml')}`,
      `--storage.tsdb.path=${data}`,
      // The backfilled month must not fall out of retention (15 days by default).
      '--storage.tsdb.retention.time=400d',
      `--web.listen-address=127.0.0.1:${port}`,
      `--query.lookback-delta=${options.lookbackDelta ?? '5m'}`,
      '--log.level=warn',
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    log = (log + chunk).slice(-20_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    await stopProcess(child, exited);
    rmSync(dir, { recursive: true, force: true });
  };
  const running: RunningPrometheus = {
    url,
    get: (path) => httpGet(`${url}${path}`),
    async waitForSeries(queries, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      let missing = [...queries];
      while (missing.length > 0) {
        if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}):\n${log}`);
        const still: string[] = [];
        for (const query of missing) {
          const answer = await httpGet(`${url}/api/v1/query?${new URLSearchParams({ query }).toString()}`);
          const result = (JSON.parse(answer.body) as { data?: { result?: unknown[] } }).data?.result ?? [];
          if (result.length === 0) still.push(query);
        }
        missing = still;
        if (missing.length === 0) return;
        if (Date.now() > deadline) throw new Error(`prometheus never returned a series for: ${missing.join(', ')}\n${log}`);
        await sleep(250);
      }
    },
    stop,
  };
  try {
    await waitReady(url, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return running;
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}) before it was ready:\n${log()}`);
    const ready = await httpGet(`${url}/-/ready`).catch(() => undefined);
    if (ready?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`prometheus was not ready after 120 s:\n${log()}`);
    await sleep(200);
  }
}

async function stopProcess(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    }).on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
