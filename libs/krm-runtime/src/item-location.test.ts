/**
 * An item that cannot be read is reported by its file and object, not only as `items[N]`: a
 * person with forty files must find it. The file comes from kpt's path annotation, read from the
 * item when the lenient reader still makes a mapping of it, else scanned from its raw lines.
 */
import { parse } from 'yaml';
import { readResourceList, runOnText } from '.';
import type { KrmFunction } from '.';
import { scanFileRef } from './item-location';

const passThrough: KrmFunction = { name: 'pass-through', usage: '', process: () => ({ results: [], summary: 'done' }) };
const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';

function item(lines: string[], path = 'apps/deploy.yaml'): string {
  const [first, ...rest] = lines;
  return [
    `- ${first}`,
    ...rest.map((l) => `  ${l}`),
    '  metadata:',
    '    name: web',
    '    namespace: ran',
    '    annotations:',
    `      config.kubernetes.io/path: '${path}'`,
    `      internal.config.kubernetes.io/path: '${path}'`,
    "      config.kubernetes.io/index: '2'",
    '',
  ].join('\n');
}

const fine = item(['apiVersion: v1', 'kind: ConfigMap'], 'ok.yaml');

interface Reported {
  message: string;
  resourceRef?: { kind: string; name: string; namespace?: string };
  file?: { path: string; index?: number };
}

function firstError(input: string, lineScanner = true): Reported {
  if (!lineScanner) {
    try {
      readResourceList(input, { lineScanner: false });
    } catch (error) {
      const e = error as { message: string; subject: { resourceRef?: Reported['resourceRef']; file?: Reported['file'] } };
      return { message: e.message, ...e.subject };
    }
    throw new Error('expected the input to be refused');
  }
  const out = runOnText(passThrough, input);
  expect(out.exitCode).toBe(1);
  return (parse(out.stdout) as { results: Reported[] }).results[0];
}

describe.each([true, false])('an item that cannot be read (line scanner: %s)', (lineScanner) => {
  it('is named by its file and object when the lenient reader makes a mapping of it', () => {
    const duplicated = item(['apiVersion: apps/v1', 'kind: Deployment', 'spec: {}', 'spec: {}']);
    const reported = firstError(`${HEAD}${fine}${duplicated}`, lineScanner);
    expect(reported.message).toMatch(/^apps\/deploy\.yaml: Deployment web \(items\[1\]\) is not valid YAML: .*(duplicate|unique)/i);
    expect(reported.file).toEqual({ path: 'apps/deploy.yaml', index: 2 });
    expect(reported.resourceRef).toEqual(expect.objectContaining({ kind: 'Deployment', name: 'web', namespace: 'ran' }));
  });

  it('is named by the file its raw text annotates when nothing of it can be read', () => {
    const broken = item(['apiVersion: apps/v1', 'kind: "unterminated', 'spec: [1, 2']);
    const reported = firstError(`${HEAD}${fine}${broken}`, lineScanner);
    expect(reported.message).toMatch(/^apps\/deploy\.yaml: (Deployment web \()?items\[1\]\)? is not valid YAML/);
    expect(reported.file?.path).toBe('apps/deploy.yaml');
  });

  it('is named items[N] alone when it carries no path annotation', () => {
    const reported = firstError(`${HEAD}${fine}- apiVersion: v1\n  kind: "unterminated\n`, lineScanner);
    expect(reported.message).toMatch(/^items\[1\] is not valid YAML/);
    expect(reported.file).toBeUndefined();
  });
});

describe('the path annotation scanned from raw text', () => {
  it('reads plain, single- and double-quoted values, legacy and internal keys, and the index', () => {
    expect(scanFileRef('  metadata:\n    annotations:\n      config.kubernetes.io/path: a/b.yaml # kpt\n')).toEqual({ path: 'a/b.yaml' });
    expect(scanFileRef('      internal.config.kubernetes.io/path: "x y.yaml"\n      "config.kubernetes.io/index": \'3\'\n')).toEqual({
      path: 'x y.yaml',
      index: 3,
    });
  });

  it('believes no path when two lines disagree, or a value is not all on its line', () => {
    const embedded = [
      '  data:',
      '    kptfile: |',
      '      config.kubernetes.io/path: other.yaml',
      '  metadata:',
      '    annotations:',
      '      config.kubernetes.io/path: mine.yaml',
    ].join('\n');
    expect(scanFileRef(embedded)).toBeUndefined();
    expect(scanFileRef('      config.kubernetes.io/path: |\n        a.yaml\n')).toBeUndefined();
    expect(scanFileRef('      config.kubernetes.io/path: "a\\".yaml"\n')).toBeUndefined();
    expect(scanFileRef("      config.kubernetes.io/path': a.yaml\n")).toBeUndefined();
  });
});
