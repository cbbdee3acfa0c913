/**
 * The runtime's edits over items written in every awkward style: whatever the layout, the item
 * written after `setIn` reads back as the intended object (YAML 1.2, and the project's own
 * reader), every value set reads back with its type in YAML 1.1 (kubectl), and the line
 * scanner and the CST reader produce the same bytes. FUZZ_RUNS sets the runs (default 10,000).
 */
import fc from 'fast-check';
import { parse } from 'yaml';
import {
  type KrmObject,
  type YamlPath,
  YAML_READ_OPTIONS,
  isPlainObject,
  readResourceList,
  setOwn,
  writeResourceList,
} from '@focom/krm-runtime';
import { asEntry, entryStart, listLayout, styledConfigMap, stringValue } from './styled-yaml';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10000);

const edit = fc.tuple(
  fc.constantFrom<YamlPath>(
    ['metadata', 'labels', 'focom.nephio.org/ocloud'],
    ['metadata', 'labels', 'app'],
    ['metadata', 'annotations', 'nephio.org/cluster-name'],
    ['metadata', 'annotations', 'note'],
    ['metadata', 'annotations', 'tagged'],
    ['metadata', 'namespace'],
    ['data', 'a'],
    ['data', 'kept'],
    ['data', 'new-key'],
    ['data', 'userplain'],
    ['data', 'quoted'],
  ),
  fc.oneof({ arbitrary: stringValue, weight: 5 }, { arbitrary: fc.constant({ nested: 'on', list: ['y', '1_000'] }), weight: 1 }),
);

const scenario = fc.record({
  items: fc.array(fc.tuple(styledConfigMap, entryStart), { minLength: 1, maxLength: 3 }),
  layout: listLayout,
  edits: fc.array(fc.tuple(fc.nat(2), edit), { maxLength: 6 }),
});

function listText(
  items: Array<[string, string]>,
  layout: { crlf: boolean; commentBeforeFirstItem: boolean; columnZeroCommentBetweenItems: boolean },
): string {
  const entries = items.map(([body, start]) => asEntry(body, start));
  const between = layout.columnZeroCommentBetweenItems ? '# between items\n' : '';
  const text = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${layout.commentBeforeFirstItem ? '# before the first item\n' : ''}${entries.join(between)}`;
  return layout.crlf ? text.replace(/\n/g, '\r\n') : text;
}

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null)) as unknown;
}

function withEdit(object: Record<string, unknown>, path: YamlPath, value: unknown): void {
  let current = object;
  for (const segment of path.slice(0, -1)) {
    const key = String(segment);
    if (!isPlainObject(current[key])) setOwn(current, key, {});
    current = current[key] as Record<string, unknown>;
  }
  setOwn(current, String(path[path.length - 1]), plain(value));
}

function at(object: unknown, path: YamlPath): unknown {
  let current = object;
  for (const segment of path) current = isPlainObject(current) ? current[String(segment)] : undefined;
  return current;
}

describe('edits of items in every style', () => {
  it(`read back as intended over ${RUNS} lists`, () => {
    fc.assert(
      fc.property(scenario, ({ items, layout, edits }) => {
        const input = listText(items, layout);
        const original = parse(input, YAML_READ_OPTIONS) as { items: KrmObject[] };
        const expected = original.items.map((item) => plain(item) as Record<string, unknown>);
        // Setting a value a field already has writes nothing, so the user's own style stays: only
        // values that really changed are the function's to quote.
        const written: Array<[number, YamlPath]> = [];
        const outputs = [true, false].map((lineScanner) => {
          const list = readResourceList(input, { lineScanner });
          for (const [index, [path, value]] of edits) {
            const i = index % list.items.length;
            list.items[i].setIn(path, value);
            if (!lineScanner) continue;
            if (JSON.stringify(at(expected[i], path)) !== JSON.stringify(plain(value))) written.push([i, path]);
            withEdit(expected[i], path, value);
          }
          return writeResourceList(list, []);
        });
        const [scanned, composed] = outputs as [string, string];
        if (scanned !== composed)
          throw new Error(`the line scanner and the CST reader wrote different bytes:\n${scanned}\n---\n${composed}`);

        const reread = (parse(scanned, YAML_READ_OPTIONS) as { items: unknown[] }).items.map(plain);
        expect(reread).toEqual(expected);
        expect(readResourceList(scanned).items.map((i) => plain(i.object))).toEqual(expected);

        const asKubectl = (parse(scanned, { ...YAML_READ_OPTIONS, version: '1.1' }) as { items: unknown[] }).items;
        for (const [i, path] of written) {
          expect({ path, value: plain(at(asKubectl[i], path)) }).toEqual({ path, value: at(expected[i], path) });
        }
      }),
      { numRuns: RUNS },
    );
  }, 900_000);
});
