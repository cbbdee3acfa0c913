/**
 * Patterns run on V8's linear-time engine, enabled by a flag on node's command line (the bin/
 * shebang, the image ENTRYPOINT, npm test): `^(a+)+$` against 'a'*40+'b' finishes with an
 * ordinary "must match" error in-process and through bin/, the code cache the build wrote is
 * accepted under those flags, and without the flag the error says so instead of backtracking.
 * (The image is checked in test/e2e/images.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runOnText } from '@focom/krm-runtime';
import { NODE_FLAGS } from '@focom/krm-runtime';
import { validateTemplateParams } from '@focom/validate-template-params';
import { CATASTROPHIC_PATTERN_INPUT, MUST_MATCH } from '@focom/test-support/catastrophic-pattern';
import { REPO_ROOT } from '@focom/test-support/kpt';
import { FUNCTIONS } from '../../functions/registry';

const DIST = join(REPO_ROOT, 'dist');

describe('the linear-time regexp engine', () => {
  it('runs a catastrophic pattern in-process (jest has the flag)', () => {
    const out = runOnText(validateTemplateParams, CATASTROPHIC_PATTERN_INPUT);
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toMatch(MUST_MATCH);
  });

  it.each(FUNCTIONS.filter((f) => f.checksSchemas).map((f) => f.name))('runs a catastrophic pattern through bin/%s', (name) => {
    const run = spawnSync(join(REPO_ROOT, 'bin', name), [], { input: CATASTROPHIC_PATTERN_INPUT, encoding: 'utf8', timeout: 60_000 });
    expect({ status: run.status, signal: run.signal }).toEqual({ status: 1, signal: null });
    expect(run.stderr).toMatch(MUST_MATCH);
  });

  it.each(FUNCTIONS.map((f) => f.name))('accepts the code cache of %s under the flags of bin/', (name) => {
    const check = `const s = require(${JSON.stringify(join(DIST, 'bundle', 'launcher.js'))}).compileBundle(${JSON.stringify(join(DIST, 'bundle', `${name}.js`))}); process.stdout.write(String(s.cachedDataRejected));`;
    expect(spawnSync(process.execPath, [...NODE_FLAGS, '-e', check], { encoding: 'utf8' }).stdout).toBe('false');
    // Without the flags V8 refuses the cache: the flag really is part of its check.
    expect(spawnSync(process.execPath, ['-e', check], { encoding: 'utf8' }).stdout).toBe('true');
  });

  it('says the engine is off, rather than backtracking, when node lacks the flag', () => {
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'validate-template-params')], {
      input: CATASTROPHIC_PATTERN_INPUT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/linear-time regexp engine is not enabled: start node with --enable-experimental-regexp-engine/);
  });
});
