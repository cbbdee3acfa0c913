/**
 * Hostile inputs through the real executables: each is a clean error (exit 1, an error result,
 * no stack trace) or, where the input is valid, a clean pass. A function with nothing to do
 * does not read the items, so the YAML hazards are given beside a FoCoM resource, and also
 * alone, where they pass through unread. Peak RSS is asserted (< 400 MiB,
 * measured with GNU time where the machine has it); wall time is printed, not asserted (it
 * varies with the machine's load), with a 60 s guard against hangs. `npm run bench` is where speed is judged.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { patternRequest } from '@focom/test-support/catastrophic-pattern';
import { REPO_ROOT } from '@focom/test-support/kpt';
import { FUNCTIONS as REGISTRY } from '../../functions/registry';

const FUNCTIONS = REGISTRY.map((f) => f.name);
const CHECKS_SCHEMAS = new Set(REGISTRY.filter((f) => f.checksSchemas).map((f) => f.name));
const GNU_TIME = '/usr/bin/time';
const MAX_RSS_MIB = 400;
const HANG_GUARD_MS = 60_000;
/** The closing summary of a clean run, whatever the function. */
const PASSED = /\(0 errors, /;
const HEADER = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  peakMiB?: number;
}

function runBin(fn: string, input: string): Outcome {
  const bin = join(REPO_ROOT, 'bin', fn);
  const timed = existsSync(GNU_TIME);
  const start = process.hrtime.bigint();
  const run = spawnSync(timed ? GNU_TIME : bin, timed ? ['-f', '%M', bin] : [], {
    input,
    encoding: 'utf8',
    timeout: HANG_GUARD_MS,
    maxBuffer: 1024 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  let stderr = run.stderr;
  let peakMiB: number | undefined;
  if (timed) {
    const lines = stderr.trimEnd().split('\n');
    peakMiB = Number(lines.pop()) / 1024;
    stderr = lines.filter((l) => !l.startsWith('Command exited with non-zero status')).join('\n');
  }
  return { status: run.status, stdout: run.stdout, stderr, seconds, ...(peakMiB !== undefined ? { peakMiB } : {}) };
}

function aliasBomb(): string {
  const lines = [
    `${HEADER}- apiVersion: v1`,
    '  kind: ConfigMap',
    '  metadata: {name: lol}',
    '  data:',
    '    a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ];
  for (let i = 1; i < 12; i++)
    lines.push(
      `    a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

function deeplyNested(depth: number): string {
  return `${HEADER}- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: deep}\n  data: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
}

function deeplyIndented(depth: number): string {
  const lines = [`${HEADER}- apiVersion: v1`, '  kind: ConfigMap', '  metadata: {name: deep}', '  data:'];
  for (let i = 0; i < depth; i++) lines.push(`${' '.repeat(4 + i)}k:`);
  return `${lines.join('\n')} end\n`;
}

function bigValue(bytes: number): string {
  return `${HEADER}- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: big}\n  data:\n    blob: ${'x'.repeat(bytes)}\n`;
}

function bigSchema(bytes: number): string {
  return `${HEADER}- apiVersion: provisioning.oran.org/v1alpha1\n  kind: TemplateInfo\n  metadata: {name: huge-v1}\n  spec:\n    templateName: huge\n    templateVersion: v1\n    templateParameterSchema: '{"description": "${'x'.repeat(bytes)}"}'\n`;
}

function redosRequest(): string {
  return patternRequest('^(a|aa)+$', `${'a'.repeat(5000)}b`);
}

function remoteRef(): string {
  return `${HEADER}- apiVersion: provisioning.oran.org/v1alpha1\n  kind: TemplateInfo\n  metadata: {name: remote-v1}\n  spec: {templateName: remote, templateVersion: v1, templateParameterSchema: '{"$ref": "http://127.0.0.1:9/schema.json"}'}\n`;
}

/**
 * The input with an OCloud first, so the function has something to do and reads every item: a
 * function with nothing to do passes the items through unread (idle-pass-through.ts).
 */
function withFocomResource(input: string): string {
  const ocloud =
    '- apiVersion: focom.nephio.org/v1alpha1\n  kind: OCloud\n  metadata: {name: site}\n  spec: {o2imsSecret: {secretRef: {name: k}}}\n';
  return input.replace(HEADER, `${HEADER}${ocloud}`);
}

/** `schema`: an error where the function checks schemas (the registry's checksSchemas); the others pass it through. */
const CASES: Array<[string, () => string, 'error' | 'pass' | 'schema', RegExp]> = [
  ['a YAML alias bomb', () => withFocomResource(aliasBomb()), 'error', /Excessive alias count/],
  ['100,000 nested flow sequences', () => withFocomResource(deeplyNested(100_000)), 'error', /items\[1\] is nested too deeply/],
  ['2,000 nested block mappings', () => withFocomResource(deeplyIndented(2_000)), 'error', /items\[1\] is nested too deeply/],
  ['200 nested block mappings', () => withFocomResource(deeplyIndented(200)), 'pass', PASSED],
  ['malformed YAML', () => withFocomResource(`${HEADER}- apiVersion: v1\n  kind: "unterminated\n`), 'error', /not valid YAML/],
  ['an alias bomb with nothing FoCoM: passed through unread', aliasBomb, 'pass', PASSED],
  ['100,000 nested flow sequences with nothing FoCoM: unread', () => deeplyNested(100_000), 'pass', PASSED],
  ['input that is not a ResourceList', () => 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n', 'error', /not a ResourceList/],
  ['a 50 MB input', () => bigValue(50 * 1024 * 1024), 'pass', PASSED],
  ['a catastrophic regex in a schema', redosRequest, 'schema', /must be a string matching the pattern/],
  ['a schema with a remote $ref', remoteRef, 'schema', /cannot be resolved inside the schema/],
  ['a 10 MB schema string', () => bigSchema(10 * 1024 * 1024), 'schema', /the limit is 1048576 bytes/],
];

const measured: string[] = [];
afterAll(() => {
  if (measured.length > 0) process.stdout.write(`\nhostile inputs (wall time is informational):\n${measured.join('\n')}\n`);
});

describe.each(FUNCTIONS)('%s under hostile input', (fn) => {
  it.each(CASES)(
    '%s',
    (name, make, expected, expectedMessage) => {
      let message = expectedMessage;
      const outcome = runBin(fn, make());
      measured.push(`${fn.padEnd(28)} ${name.padEnd(36)} ${outcome.seconds.toFixed(2)} s  ${outcome.peakMiB?.toFixed(0) ?? 'n/a'} MiB`);
      const expectError = expected === 'error' || (expected === 'schema' && CHECKS_SCHEMAS.has(fn));
      if (expected === 'schema' && !expectError) message = PASSED;
      expect(outcome.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(outcome.stderr).not.toMatch(/internal error/);
      if (outcome.peakMiB !== undefined) expect(outcome.peakMiB).toBeLessThan(MAX_RSS_MIB);
      if (expectError) {
        expect({ status: outcome.status, stderr: outcome.stderr }).toEqual({
          status: 1,
          stderr: expect.stringMatching(message) as unknown,
        });
        expect(outcome.stdout).toContain('severity: error');
      } else {
        expect({ status: outcome.status, stderr: outcome.stderr }).toEqual({
          status: 0,
          stderr: expect.stringMatching(message) as unknown,
        });
      }
      expect(outcome.stdout).toMatch(/^apiVersion: config\.kubernetes\.io\/v1\nkind: ResourceList\n/);
    },
    HANG_GUARD_MS * 2,
  );
});
