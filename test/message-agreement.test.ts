/**
 * Proofreading that stays done: the agreement errors found in the messages (a plural subject
 * with a singular verb, or the other way round) are searched for in the sources of libs/,
 * functions/ and commands/, so that the same sentence shapes do not come back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '@focom/test-support/kpt';

interface Shape {
  why: string;
  pattern: RegExp;
  /** The text it was found in, so that the pattern is known to catch it. */
  found: string;
}

const SHAPES: readonly Shape[] = [
  {
    why: '"the new parameters" are plural: they are held, and wait for their canaries',
    pattern: /\bparameters\b(?:\$\{[^}]*\}|[^.;:?`$])*\b(is held|waits for its)\b/,
    found: 'the new parameters for ${change.target} is held',
  },
  {
    why: 'describeChange may be "the new parameters": a verb after it agrees with what it says (held, waitsForCanaries)',
    pattern: /\$\{describeChange\([^)]*\)\} (is|are|was|were|has|have|waits|wait)\b/,
    found: '${describeChange(change)} is held: ${running} ${when}: ${numbers}',
  },
  {
    why: 'a sentence on a cache\'s "what" ("Porch", or "Flux, kwok, ...") cannot pick is or are for all of them',
    pattern: /\$\{[\w.]*\bwhat\} (is|are) /,
    found: '${c.what} are not built (--skip-build)',
  },
  {
    why: 'one or several TemplateInfos may be meant: "Its spec" only for one',
    pattern: /\$\{which\}\? Its spec/,
    found: 'did you mean ${which}? Its spec names ${name} ${version}',
  },
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'testdata' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const FILES = ['libs', 'functions', 'commands'].flatMap((top) =>
  readdirSync(join(REPO_ROOT, top), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => sources(join(REPO_ROOT, top, entry.name, 'src'))),
);

describe('the messages agree', () => {
  it('reads the sources', () => {
    expect(FILES.length).toBeGreaterThan(50);
  });

  it.each(SHAPES)('$why', ({ pattern, found }) => {
    expect(found).toMatch(pattern);
    const hits = FILES.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) => (pattern.test(line) ? [`${relative(REPO_ROOT, file)}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });
});
