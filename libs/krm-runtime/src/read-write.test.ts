import { parse } from 'yaml';
import { KrmItem, type KrmFunction, readResourceList, runOnText, writeResourceList } from '.';

const KPT_STYLE_INPUT = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- # head comment
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: twin
    annotations:
      config.kubernetes.io/path: 'a.yaml'
      internal.config.kubernetes.io/package-path: '/pkg'
      config.kubernetes.io/index: '0'
  data:
    a: 'single' # inline
    b: "double"
    c: plain
    d: |
      block
      text
    e: >
      folded text

    list:
    - x
    - y
  # foot comment
- apiVersion: v1
  kind: Service
  metadata:
    name: twin
    annotations:
      config.kubernetes.io/path: 'b.yaml'
      internal.config.kubernetes.io/package-path: '/pkg/sub'
      config.kubernetes.io/index: '0'
functionConfig:
  apiVersion: v1
  kind: ConfigMap # keep me
  data: {mode: strict}
`;

const passThrough: KrmFunction = {
  name: 'pass-through',
  usage: '',
  process: (list) => ({ results: [], summary: `${list.items.length} items` }),
};

describe('reading and writing a ResourceList', () => {
  it('writes untouched items and functionConfig back byte for byte', () => {
    const out = runOnText(passThrough, KPT_STYLE_INPUT);
    expect(out.exitCode).toBe(0);
    const itemsAt = KPT_STYLE_INPUT.indexOf('items:\n');
    const configAt = KPT_STYLE_INPUT.indexOf('functionConfig:\n');
    const header = KPT_STYLE_INPUT.slice(0, itemsAt);
    const items = KPT_STYLE_INPUT.slice(itemsAt, configAt);
    const functionConfig = KPT_STYLE_INPUT.slice(configAt);
    // Results and functionConfig come before the items, so the last item's foot comment stays last.
    expect(out.stdout.startsWith(header)).toBe(true);
    expect(out.stdout).toContain(functionConfig);
    expect(out.stdout.endsWith(items)).toBe(true);
  });

  it('keeps the indentation of an indented items sequence', () => {
    const input =
      'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n  - apiVersion: v1\n    kind: A\n    metadata: {name: a}\n';
    const list = readResourceList(input);
    list.items.push(KrmItem.fromObject({ apiVersion: 'v1', kind: 'B', metadata: { name: 'b' } }));
    const text = writeResourceList(list, []);
    expect(text).toBe(`${input}  - apiVersion: v1\n    kind: B\n    metadata:\n      name: b\n`);
  });

  it('identifies items by package path, path and index, not by kind and name', () => {
    const list = readResourceList(KPT_STYLE_INPUT);
    expect(list.items.map((i) => i.name)).toEqual(['twin', 'twin']);
    expect(new Set(list.items.map((i) => i.identity)).size).toBe(2);
  });

  it('keeps the head comment in place, once, when an item is edited', () => {
    const list = readResourceList(KPT_STYLE_INPUT);
    const item = list.items[0];
    item.setIn(['metadata', 'labels', 'edited'], 'yes'); // a new entry: added to the text directly
    item.setIn(['data', 'c'], 'changed'); // a changed value: edited through the yaml Document
    expect(item.isEdited).toBe(true);
    const text = item.toEntryText(0);
    expect(text.startsWith('- # head comment\n  apiVersion: v1\n')).toBe(true);
    expect(text.match(/head comment/g)).toHaveLength(1);
    expect(text).toContain("a: 'single' # inline");
    expect(text).toContain('b: "double"');
    expect(text).toContain('# foot comment');
    expect(text).toContain('      edited: "yes"\n');
    expect(text).toContain('  c: changed\n');
  });

  it('adds a new label to the text itself, touching no other byte', () => {
    const list = readResourceList(KPT_STYLE_INPUT);
    const item = list.items[1];
    item.setIn(['metadata', 'labels', 'focom.nephio.org/ocloud'], 'edge');
    item.setIn(['metadata', 'annotations', 'nephio.org/cluster-name'], 'edge');
    expect(item.isEdited).toBe(false);
    const original = KPT_STYLE_INPUT.slice(
      KPT_STYLE_INPUT.indexOf('- apiVersion: v1\n  kind: Service'),
      KPT_STYLE_INPUT.indexOf('functionConfig:'),
    );
    expect(item.toEntryText(0)).toBe(
      original.replace(
        "      config.kubernetes.io/index: '0'\n",
        "      config.kubernetes.io/index: '0'\n      nephio.org/cluster-name: edge\n    labels:\n      focom.nephio.org/ocloud: edge\n",
      ),
    );
    expect(item.labels['focom.nephio.org/ocloud']).toBe('edge');
  });

  it('does not mark an item edited when a value is set to what it already is', () => {
    const list = readResourceList(KPT_STYLE_INPUT);
    list.items[0].setIn(['data', 'c'], 'plain');
    expect(list.items[0].isEdited).toBe(false);
  });

  it('reads a JSON ResourceList and kind List', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'A', metadata: { name: 'a' } }] });
    const list = readResourceList(json);
    expect(list.kind).toBe('List');
    expect(list.items[0].name).toBe('a');
    expect(writeResourceList(list, [])).toBe('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: A\n  metadata:\n    name: a\n');
  });

  it.each(['config.kubernetes.io/v1beta1', 'config.kubernetes.io/v1alpha1'])('accepts apiVersion %s', (apiVersion) => {
    expect(readResourceList(`apiVersion: ${apiVersion}\nkind: ResourceList\nitems: []\n`).apiVersion).toBe(apiVersion);
  });
});

describe('input that is not a readable ResourceList', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['empty input', '', /the input is empty/],
    ['malformed YAML', 'apiVersion: v1\nkind: ResourceList\nitems:\n- a: [1, 2\n', /not valid YAML/],
    ['a Deployment', 'apiVersion: apps/v1\nkind: Deployment\n', /not a ResourceList: kind is "Deployment"/],
    ['two documents', 'kind: ResourceList\n---\nkind: ResourceList\n', /2 YAML documents/],
    ['a scalar', 'hello', /not a ResourceList/],
    ['an item that is a list', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- - a\n', /items\[0\] is not a mapping/],
    ['duplicate keys', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- a: 1\n  a: 2\n', /items\[0\] is not valid YAML/],
    ['an alias bomb', aliasBomb(), /items\[0\] cannot be read: Excessive alias count/],
  ];
  it.each(cases)('%s is one clean error result, exit 1', (_name, input, message) => {
    const out = runOnText(passThrough, input);
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).not.toMatch(/\bat .*\.(js|ts):\d+/);
    const parsed = readResourceList(out.stdout);
    expect(parsed.items).toHaveLength(0);
    expect(out.stdout).toContain('severity: error');
    const results = (parse(out.stdout) as { results: Array<{ severity: string }> }).results;
    expect(results[results.length - 1].severity).toBe('info');
  });
});

function aliasBomb(): string {
  const lines = [
    'apiVersion: config.kubernetes.io/v1',
    'kind: ResourceList',
    'items:',
    '- apiVersion: v1',
    '  kind: ConfigMap',
    '  data:',
    '    a0: &a0 [x, x, x, x, x, x, x, x, x]',
  ];
  for (let i = 1; i < 10; i++)
    lines.push(
      `    a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]`,
    );
  return lines.join('\n') + '\n';
}

describe('results kpt can read', () => {
  it('writes a resourceRef shared by several results in full each time, never as a YAML alias', () => {
    const ref = { apiVersion: 'v1', kind: 'A', name: 'a' };
    const twoResults: KrmFunction = {
      name: 'two-results',
      usage: '',
      process: () => ({
        results: [
          { message: 'one', severity: 'warning', resourceRef: ref },
          { message: 'two', severity: 'warning', resourceRef: ref },
        ],
        summary: 'done',
      }),
    };
    const out = runOnText(twoResults, 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n');
    expect(out.stdout).not.toMatch(/[&*]a\d/);
    expect(out.stdout.match(/kind: A/g)).toHaveLength(2);
  });
});
