/**
 * observe-slos writes one file, PACKAGE/slo-observations.yaml, through a file beside it: it never
 * writes over or removes a file it did not create, nor writes through a symbolic link to
 * somewhere outside the package.
 */
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAtomically } from './package-files';

describe("observe-slos's write", () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'focom-observe-writes-'));
    mkdirSync(join(scratch, 'pkg'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('leaves a file that happens to have the name of its file beside alone', () => {
    const file = join(scratch, 'pkg', 'slo-observations.yaml');
    const beside = `${file}.observe-slos-${process.pid}.tmp`;
    writeFileSync(beside, 'not observe-slos\n');
    expect(writeAtomically(file, 'new\n')).toMatchObject({ ok: false, reason: expect.stringMatching(/^cannot write .*EEXIST/) as unknown });
    expect(readFileSync(beside, 'utf8')).toBe('not observe-slos\n');
  });

  it('replaces a symbolic link in the package rather than the file it points to', () => {
    const outside = join(scratch, 'outside.yaml');
    writeFileSync(outside, 'outside the package\n');
    const file = join(scratch, 'pkg', 'slo-observations.yaml');
    symlinkSync(outside, file);
    expect(writeAtomically(file, 'new\n')).toEqual({ ok: true, value: undefined });
    expect(readFileSync(outside, 'utf8')).toBe('outside the package\n');
    expect(lstatSync(file).isFile()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('new\n');
  });
});
