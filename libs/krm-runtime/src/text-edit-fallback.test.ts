/**
 * The safety net under the text editor: when an insert's text does not read back as intended
 * (made to happen here by corrupting what the editor returns), the insert is undone and made
 * again through the Document, so the written item is still exactly the intended one.
 */
import { parse } from 'yaml';
import { type KrmObject, readResourceList, writeResourceList } from '.';

jest.mock('./text-edit', () => {
  const actual = jest.requireActual<typeof import('./text-edit')>('../src/text-edit');
  return {
    ...actual,
    insertMapEntry: (...args: Parameters<typeof actual.insertMapEntry>) =>
      actual.insertMapEntry(...args)?.replace('name: c', 'name: corrupted'),
  };
});

describe('a text insert that does not read back', () => {
  const saved = process.env.FOCOM_VERIFY_TEXT_EDITS;
  beforeAll(() => {
    process.env.FOCOM_VERIFY_TEXT_EDITS = '';
  });
  afterAll(() => {
    process.env.FOCOM_VERIFY_TEXT_EDITS = saved;
  });

  it('is undone and made through the Document: the item comes out as intended, comments kept', () => {
    const list = readResourceList(
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c # the name\n    labels:\n      app: c\n',
    );
    const item = list.items[0];
    item.setIn(['metadata', 'labels', 'focom.nephio.org/ocloud'], 'edge');
    item.setIn(['metadata', 'annotations', 'nephio.org/cluster-name'], 'edge');
    const text = writeResourceList(list, []);
    expect((parse(text) as { items: KrmObject[] }).items[0]).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', labels: { app: 'c', 'focom.nephio.org/ocloud': 'edge' }, annotations: { 'nephio.org/cluster-name': 'edge' } },
    });
    expect(text).toContain('name: c # the name');
    expect(item.isEdited).toBe(true);
  });
});
