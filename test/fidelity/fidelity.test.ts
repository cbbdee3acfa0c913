import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from '@focom/test-support/files';
import { commitAll, diffAgainstHead, removeScratch, render, REPO_ROOT, scratchPackage } from '@focom/test-support/kpt';

const FIXTURE = join(REPO_ROOT, 'test', 'fidelity', 'package');
const FUNCTION_EXEC = /- exec: \.\/bin\/[a-z-]+/g;

/** Files the functions own: generated output and the root Kptfile (its pipeline differs by design). */
function ownedByFunctions(path: string): boolean {
  return path === 'Kptfile' || path.startsWith('generated/') || path.startsWith('delivery/');
}

describe('fidelity: the functions change nothing they do not own', () => {
  let withFunctions: string;
  let withCat: string;

  beforeAll(() => {
    withFunctions = scratchPackage(FIXTURE);
    withCat = scratchPackage(FIXTURE);
    const kptfile = join(withCat, 'Kptfile');
    writeFileSync(kptfile, readFileSync(kptfile, 'utf8').replace(FUNCTION_EXEC, '- exec: cat'));
    commitAll(withCat, 'pass-through pipeline');
    for (const pkg of [withFunctions, withCat]) {
      const first = render(pkg);
      if (first.status !== 0) throw new Error(`render of ${pkg} failed:\n${first.stderr}`);
    }
  });

  afterAll(() => {
    removeScratch(withFunctions);
    removeScratch(withCat);
  });

  it('renders every user file byte-identical to a pass-through pipeline', () => {
    const userFiles = listFiles(withCat)
      .filter((p) => !ownedByFunctions(p))
      .sort();
    expect(userFiles).toEqual(expect.arrayContaining(['styles.yaml', 'requests.yaml', 'site-b/service.yaml', 'site-b/Kptfile']));
    const functionFiles = listFiles(withFunctions)
      .filter((p) => !ownedByFunctions(p))
      .sort();
    expect(functionFiles).toEqual(userFiles);
    for (const path of userFiles) {
      expect({ path, text: readFileSync(join(withFunctions, path), 'utf8') }).toEqual({
        path,
        text: readFileSync(join(withCat, path), 'utf8'),
      });
    }
  });

  // kpt itself copies a single-document file's foot comment into the last mapping (seen with
  // beta.56 and `exec: cat`), so the count to match is the pass-through pipeline's, not 1.
  it('keeps every comment of the fixture as often as a pass-through pipeline does', () => {
    for (const path of listFiles(FIXTURE)) {
      const original = readFileSync(join(FIXTURE, path), 'utf8');
      const count =
        (pkg: string) =>
        (text: string): number =>
          readFileSync(join(pkg, path), 'utf8').split(text).length - 1;
      for (const comment of original.match(/#[^\n]*/g) ?? []) {
        const text = comment.trim();
        const expected = count(withCat)(text);
        expect(expected).toBeGreaterThanOrEqual(1);
        expect({ path, comment: text, count: count(withFunctions)(text) }).toEqual({ path, comment: text, count: expected });
      }
    }
  });

  it('keeps both twin Services', () => {
    expect(readFileSync(join(withFunctions, 'styles.yaml'), 'utf8')).toMatch(/kind: Service\nmetadata:\n {2}name: twin/);
    expect(readFileSync(join(withFunctions, 'site-b/service.yaml'), 'utf8')).toMatch(/name: twin/);
  });

  it('changes nothing on a second render', () => {
    commitAll(withFunctions, 'first render');
    const second = render(withFunctions);
    expect(second.status).toBe(0);
    expect(diffAgainstHead(withFunctions)).toBe('');
  });
});
