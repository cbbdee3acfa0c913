/**
 * provision-seed replaces the folder `<work dir>/package/<Kptfile name>` on each run: a Kptfile
 * named `..` or a path would make that the work directory itself or a folder outside it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOperatorPackage } from './package';

describe('the package name provision-seed uses as a folder', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'focom-seed-name-'));
    mkdirSync(join(scratch, 'pkg'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it.each(['..', '.', '../../home', 'a/b', 'a\\b'])('refuses metadata.name %j, naming the Kptfile', (name) => {
    writeFileSync(join(scratch, 'pkg', 'Kptfile'), `apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: ${JSON.stringify(name)}\n`);
    expect(readOperatorPackage(join(scratch, 'pkg'))).toEqual({
      ok: false,
      reason: `${join(scratch, 'pkg')}/Kptfile: metadata.name ${JSON.stringify(name)} is not a package name (a path or . or ..); Porch needs a name`,
    });
  });

  it('takes a plain name: the seed example reads', () => {
    writeFileSync(join(scratch, 'pkg', 'Kptfile'), 'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: site-a\n');
    const read = readOperatorPackage(join(scratch, 'pkg'));
    expect(read.ok ? '' : read.reason).not.toContain('metadata.name');
  });
});
