/**
 * Every relative link in the Markdown docs reaches a file, and every `#anchor` a heading of that
 * file (as GitHub makes anchors from headings). Moving a section between README.md and docs/
 * breaks no link a reader follows.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { REPO_ROOT } from '@focom/test-support/kpt';

const SKIPPED = new Set(['node_modules', '.git', 'dist', 'out', 'testdata', 'cases']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (SKIPPED.has(name)) return [];
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** The text outside fenced code blocks, where a link is a link. */
function prose(text: string): string {
  let fenced = false;
  return text
    .split('\n')
    .filter((line) => {
      if (line.startsWith('```')) fenced = !fenced;
      return !fenced && !line.startsWith('```');
    })
    .join('\n');
}

function githubAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  return new Set([...prose(readFileSync(file, 'utf8')).matchAll(/^#{1,6} (.*)$/gm)].map((m) => githubAnchor(m[1])));
}

describe('the docs’ links', () => {
  const files = markdownFiles(REPO_ROOT);

  it('finds the README and the docs pages', () => {
    expect(files.map((f) => relative(REPO_ROOT, f))).toEqual(expect.arrayContaining(['README.md', join('docs', 'slos.md')]));
  });

  it('reach a file, and a heading of it', () => {
    const broken: string[] = [];
    for (const file of files) {
      for (const [, target] of prose(readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?|mailto):/.test(target)) continue;
        const [path, anchor] = target.split('#', 2);
        const reached = path === '' ? file : normalize(join(dirname(file), path));
        const where = `${relative(REPO_ROOT, file)}: ${target}`;
        if (!existsSync(reached)) broken.push(`${where} (no such file)`);
        else if (anchor !== undefined && reached.endsWith('.md') && !anchorsOf(reached).has(anchor))
          broken.push(`${where} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});
