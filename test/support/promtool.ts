/** Prometheus' own rule checker and rule unit tester (Debian package `prometheus`). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { run } from './kpt';

export interface PromtoolOutcome {
  status: number;
  output: string;
}

function inScratch<T>(files: Record<string, unknown>, use: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'focom-promtool-'));
  try {
    for (const [name, content] of Object.entries(files))
      writeFileSync(join(dir, name), typeof content === 'string' ? content : stringify(content));
    return use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function promtool(args: string[], cwd: string): PromtoolOutcome {
  const out = run('promtool', args, { cwd });
  return { status: out.status, output: `${out.stdout}${out.stderr}` };
}

/** `promtool check rules` on rule groups (the `spec` of a PrometheusRule). */
export function checkRules(groups: unknown): PromtoolOutcome {
  return inScratch({ 'rules.yaml': { groups } }, (dir) => promtool(['check', 'rules', 'rules.yaml'], dir));
}

/** `promtool test rules` on rule groups with a unit-test file's `tests` (input series, alert expectations). */
export function testRules(groups: unknown, tests: unknown[], evaluationInterval = '1m'): PromtoolOutcome {
  return inScratch(
    { 'rules.yaml': { groups }, 'test.yaml': { rule_files: ['rules.yaml'], evaluation_interval: evaluationInterval, tests } },
    (dir) => promtool(['test', 'rules', 'test.yaml'], dir),
  );
}

/** `promtool test rules` on a unit-test file as written (its `rule_files` naming `rules.yaml`), with `groups` as `rules.yaml`. */
export function testRuleFile(groups: unknown, testFile: string): PromtoolOutcome {
  return inScratch({ 'rules.yaml': { groups }, 'test.yaml': readFileSync(testFile, 'utf8') }, (dir) =>
    promtool(['test', 'rules', 'test.yaml'], dir),
  );
}
