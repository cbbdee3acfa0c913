/**
 * Every value the functions write reads back as meant, with real kpt, in YAML 1.2 (kpt) and in
 * YAML 1.1 (kubectl and Argo CD, through sigs.k8s.io/yaml): on the first render (new items),
 * after a parameter change (values edited in place), and when a governed key is restored next to
 * a hand-written block scalar.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { listFiles } from '@focom/test-support/files';
import { commitAll, diffAgainstHead, REPO_ROOT, removeScratch, render, scratchPackage } from '@focom/test-support/kpt';
import { readAsYaml11, yaml11Mismatches } from '@focom/test-support/yaml11';

const FIXTURE = join(REPO_ROOT, 'test', 'e2e', 'write-correctness', 'package');
const CONFIG_MAP = join('generated', 'o2ims', 'flags', 'configmap_site-flags.yaml');

interface ConfigMap {
  metadata: { annotations: Record<string, unknown> };
  data: Record<string, unknown>;
}

describe('write correctness through kpt fn render', () => {
  let pkg: string;
  beforeAll(() => {
    pkg = scratchPackage(FIXTURE);
  });
  afterAll(() => removeScratch(pkg));

  function renderOk(): void {
    const outcome = render(pkg);
    if (outcome.status !== 0) throw new Error(`render failed:\n${outcome.stderr}`);
    expect(
      yaml11Mismatches(
        pkg,
        listFiles(pkg).filter((f) => f.endsWith('.yaml') || f.endsWith('Kptfile')),
      ),
    ).toEqual([]);
  }

  function configMapAsKubectlReadsIt(): ConfigMap {
    const file = join(pkg, CONFIG_MAP);
    return readAsYaml11([file])[file][0] as ConfigMap;
  }

  function setParameters(values: Record<string, string>): void {
    const file = join(pkg, 'request.yaml');
    let text = readFileSync(file, 'utf8');
    for (const [key, value] of Object.entries(values)) text = text.replace(new RegExp(`(\\n    ${key}: ).*`), `$1${JSON.stringify(value)}`);
    writeFileSync(file, text);
  }

  it('writes new items whose strings stay strings in YAML 1.1', () => {
    renderOk();
    expect(configMapAsKubectlReadsIt().data).toEqual({ mode: '1_000', count: '0777', flag: '2001-12-14', country: 'NO' });
    expect(configMapAsKubectlReadsIt().metadata.annotations['site.example.org/mode']).toBe('1_000');
    commitAll(pkg, 'first render');
  });

  it('edits values in place without turning them into booleans', () => {
    setParameters({ mode: 'off', count: 'on', flag: 'Y', country: 'NO' });
    renderOk();
    expect(configMapAsKubectlReadsIt().data).toEqual({ mode: 'off', count: 'on', flag: 'Y', country: 'NO' });
    expect(configMapAsKubectlReadsIt().metadata.annotations['site.example.org/mode']).toBe('off');
    commitAll(pkg, 'second render');
    renderOk();
    expect(diffAgainstHead(pkg)).toBe('');
  });

  it('restores a governed annotation beside a hand-added block scalar with a tag, cutting nothing', () => {
    const file = join(pkg, CONFIG_MAP);
    const original = readFileSync(file, 'utf8');
    const handEdited = original
      .replace(/\n {4}focom\.nephio\.org\/template: .*/, '')
      .replace(/(\n {4}nephio\.org\/cluster-name: .*)/, '$1\n    note: !!str |\n      first\n      # second');
    expect(handEdited).not.toBe(original);
    writeFileSync(file, handEdited);
    commitAll(pkg, 'hand edit');
    renderOk();
    const annotations = (parse(readFileSync(file, 'utf8')) as ConfigMap).metadata.annotations;
    expect(annotations.note).toBe('first\n# second\n');
    expect(annotations['focom.nephio.org/template']).toBe('site-flags@v1.0.0');
    expect(configMapAsKubectlReadsIt().metadata.annotations.note).toBe('first\n# second\n');
  });
});
