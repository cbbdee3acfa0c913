/**
 * Through the real executables: a function given a package with nothing FoCoM in it answers from
 * its launcher, without compiling its bundle, and writes exactly what the function writes after
 * reading every item.
 */
import { join } from 'node:path';
import { runOnText } from '@focom/krm-runtime';
import { FUNCTIONS } from '../../functions/registry';
import { unrelatedResourceList } from '../bench/unrelated';
import { REPO_ROOT, run } from '@focom/test-support/kpt';

const INPUT = unrelatedResourceList(1024 * 1024);

describe('a function with nothing to do', () => {
  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s passes 1 MB through as it would after reading it', (_name, entry) => {
    const out = run(join(REPO_ROOT, 'bin', entry.name), [], { input: INPUT });
    const full = runOnText(entry.fn, INPUT);
    expect({ status: out.status, stderr: out.stderr }).toEqual({ status: full.exitCode, stderr: full.stderr });
    expect(out.stdout === full.stdout).toBe(true);
    expect(out.stdout.endsWith(INPUT.slice(INPUT.indexOf('items:\n')))).toBe(true);
  });
});
