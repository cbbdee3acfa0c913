import { readResourceList } from '.';
import { insertMapEntry, yamlString } from './text-edit';

describe('insertMapEntry', () => {
  const entry = `- apiVersion: v1
    kind: Service
    metadata:
      name: a # the name
      labels:
        app: a
      # a comment at the end of metadata
    spec:
      ports:
      - port: 80
`;

  it('adds an entry to an existing block mapping of an indented sequence', () => {
    expect(insertMapEntry(entry, 2, ['metadata', 'labels', 'team'], 'ran')).toBe(
      entry.replace('        app: a\n', '        app: a\n        team: ran\n'),
    );
  });

  it('creates the mapping when it is missing', () => {
    expect(insertMapEntry(entry, 2, ['metadata', 'annotations', 'note'], 'x y')).toBe(
      entry.replace('        app: a\n', '        app: a\n      annotations:\n        note: "x y"\n'),
    );
  });

  it('leaves flow style, existing keys and block scalars to the Document', () => {
    expect(insertMapEntry('- metadata: {name: a}\n', 0, ['metadata', 'labels', 'k'], 'v')).toBeUndefined();
    expect(insertMapEntry(entry, 2, ['metadata', 'labels', 'app'], 'b')).toBeUndefined();
    expect(
      insertMapEntry('- metadata:\n    annotations:\n      script: |\n        # not a comment\n', 0, ['metadata', 'annotations', 'k'], 'v'),
    ).toBeUndefined();
  });

  it('quotes what would not read back as the same string', () => {
    expect(['site-a', 'yes', '0123', '1e3', 'a: b', ''].map(yamlString)).toEqual(['site-a', '"yes"', '"0123"', '"1e3"', '"a: b"', '""']);
  });

  it('is what KrmItem uses for new labels, and the result reads back as expected', () => {
    const list = readResourceList(`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n  ${entry.replace(/\n(?=.)/g, '\n')}`);
    const item = list.items[0];
    item.setIn(['metadata', 'labels', 'focom.nephio.org/ocloud'], 'edge');
    expect(item.isEdited).toBe(false);
    expect(item.labels).toEqual({ app: 'a', 'focom.nephio.org/ocloud': 'edge' });
    expect(item.toEntryText(2)).toContain('        focom.nephio.org/ocloud: edge\n');
  });
});
