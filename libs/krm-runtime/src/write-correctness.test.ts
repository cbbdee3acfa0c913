import { parse } from 'yaml';
import { KrmItem, type KrmObject, isAmbiguousPlainScalar, readResourceList, writeResourceList } from '.';
import { yamlString } from './text-edit';

/** Strings that YAML 1.1 readers (kubectl, Argo CD) or YAML 1.2 readers take for another type when plain. */
export const AMBIGUOUS = [
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'n',
  'N',
  'no',
  'NO',
  'on',
  'On',
  'ON',
  'off',
  'Off',
  'OFF',
  'true',
  'False',
  'tRuE',
  'yEs',
  'null',
  'Null',
  'NULL',
  '~',
  '',
  '<<',
  '0',
  '42',
  '-7',
  '+7',
  '0777',
  '0o17',
  '0x1F',
  '0b101',
  '-0b101',
  '1_000',
  '0_7',
  '08',
  '1e3',
  '1.5',
  '.5',
  '1.',
  '6.8523015e+5',
  '190:20:30',
  '-3:25:45',
  '20:30.15',
  '.inf',
  '-.Inf',
  '+.INF',
  '.nan',
  '.NaN',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10 -5',
  '2002-12-14T21:59:43Z',
];
/** Strings every reader reads as themselves when plain. */
const UNAMBIGUOUS = ['site-a', 'v1.2.3', '1.2.3', 'yesno', 'onion', 'nano', 'info', '5g-ran-du', '500m', '1Gi', '0xZZ', '12:70', 'a1_000'];

const YAML11 = { version: '1.1' } as const;

function listOf(entry: string): string {
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${entry}`;
}

/** The item after writing and reading back, in YAML 1.1 and in YAML 1.2. */
function readBoth(item: KrmItem): { yaml11: KrmObject; yaml12: KrmObject } {
  const text = writeResourceList({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [item], seqIndent: 0 }, []);
  const item11 = (parse(text, YAML11) as { items: KrmObject[] }).items[0];
  const item12 = (parse(text) as { items: KrmObject[] }).items[0];
  return { yaml11: item11, yaml12: item12 };
}

describe('the quoting rule', () => {
  it.each(AMBIGUOUS)('quotes %j', (value) => expect(isAmbiguousPlainScalar(value)).toBe(true));
  it.each(UNAMBIGUOUS)('leaves %j plain', (value) => expect(isAmbiguousPlainScalar(value)).toBe(false));
});

describe('every writer applies the quoting rule', () => {
  const values = [...AMBIGUOUS, ...UNAMBIGUOUS];
  const labels = Object.fromEntries(values.map((v, i) => [`k${i}`, v]));

  it('new items (js-yaml)', () => {
    const { yaml11, yaml12 } = readBoth(KrmItem.fromObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: labels }));
    expect(yaml11.data).toEqual(labels);
    expect(yaml12.data).toEqual(labels);
  });

  it('text inserts into an item read from input', () => {
    const list = readResourceList(listOf('- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n    labels:\n      app: c\n'));
    const item = list.items[0];
    for (const [key, value] of Object.entries(labels)) item.setIn(['metadata', 'labels', key], value);
    expect(item.isEdited).toBe(false); // every insert took the text path
    const { yaml11, yaml12 } = readBoth(item);
    expect(yaml11.metadata!.labels).toEqual({ app: 'c', ...labels });
    expect(yaml12.metadata!.labels).toEqual({ app: 'c', ...labels });
  });

  it('Document edits of existing values, and the keys they create', () => {
    const data = Object.fromEntries(values.map((_, i) => [`k${i}`, 'before']));
    const list = readResourceList(
      listOf(
        `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n  data:\n${Object.keys(data)
          .map((k) => `    ${k}: before # kept\n`)
          .join('')}`,
      ),
    );
    const item = list.items[0];
    for (const [key, value] of Object.entries(labels)) item.setIn(['data', key], value);
    item.setIn(['spec'], { on: 'off', '1_000': ['y', 'no'] });
    expect(item.isEdited).toBe(true);
    const { yaml11, yaml12 } = readBoth(item);
    for (const read of [yaml11, yaml12]) {
      expect(read.data).toEqual(labels);
      expect(read.spec).toEqual({ on: 'off', '1_000': ['y', 'no'] });
    }
  });

  it('keeps the style of a scalar the user wrote, even an ambiguous one', () => {
    const list = readResourceList(
      listOf('- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n  data:\n    mode: on\n    other: x\n'),
    );
    list.items[0].setIn(['data', 'other'], 'y');
    expect(list.items[0].toEntryText(0)).toContain('    mode: on\n    other: "y"\n');
  });

  it('results and functionConfig too', () => {
    expect(yamlString('on')).toBe('"on"');
    const text = writeResourceList({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [], seqIndent: 0 }, [
      { message: 'yes', severity: 'info' },
    ]);
    expect(text).toContain('message: "yes"');
  });
});

describe('the text editor refuses what it cannot prove', () => {
  const cases: Record<string, string> = {
    'a block scalar after a tag': '      note: !!str |\n        first\n        # second\n',
    'a block scalar after an anchor': '      note: &a |\n        first\n        # second\n',
    'a block scalar entry of a sequence': '      list:\n      - |\n        first\n        # second\n',
    'a block scalar with indicators': '      note: |2-\n          first\n        # second\n',
    'a multi-line double-quoted scalar': '      note: "first\n        # second"\n',
    'a multi-line plain scalar': '      note: first\n        second\n',
    'a flow mapping over two lines': '      note: {a: b,\n        c: d}\n',
  };
  it.each(Object.entries(cases))('%s: the new key lands outside it and nothing is cut', (_name, annotations) => {
    const entry = `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n    annotations:\n${annotations}  data:\n    a: b\n`;
    const before = readResourceList(listOf(entry)).items[0].object;
    const item = readResourceList(listOf(entry)).items[0];
    item.setIn(['metadata', 'annotations', 'focom.nephio.org/template'], '5g-ran-du@v1.0.0');
    const { yaml12, yaml11 } = readBoth(item);
    const expected = {
      ...before,
      metadata: { ...before.metadata, annotations: { ...before.metadata!.annotations, 'focom.nephio.org/template': '5g-ran-du@v1.0.0' } },
    };
    expect(yaml12).toEqual(expected);
    expect(yaml11).toEqual(expected);
  });
});

describe('an edited item keeps one indentation whatever its entry start', () => {
  const wide = '-   apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: c # the name\n    data:\n      a: b\n';

  it.each([
    ['the line scanner', true],
    ['the CST reader', false],
  ])('through %s', (_reader, lineScanner) => {
    const list = readResourceList(listOf(wide), { lineScanner });
    list.items[0].setIn(['data', 'a'], 'changed');
    list.items[0].setIn(['metadata', 'labels', 'new'], 'label');
    const text = writeResourceList(list, []);
    expect(text).toContain('-   apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: c # the name\n');
    expect((parse(text) as { items: KrmObject[] }).items[0]).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', labels: { new: 'label' } },
      data: { a: 'changed' },
    });
  });
});
