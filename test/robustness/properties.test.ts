/**
 * Property-based tests: random ResourceLists (both dialects, random parameters, comments and
 * quoting) through each function of functions/registry.ts, in-process. FUZZ_RUNS sets the runs
 * per function (default 10,000, the CI count).
 */
import fc from 'fast-check';
import { parse } from 'yaml';
import { type KrmItem, YAML_READ_OPTIONS, idleOutputOf, passThroughIdle, readResourceList, runOnText } from '@focom/krm-runtime';
import { FUNCTION_CONCERNS } from '@focom/domain';
import { type FunctionEntry, FUNCTIONS } from '../../functions/registry';
import { differences } from '@focom/test-support/yaml11';
import { itemsSection } from '@focom/test-support/resource-list-text';
import { resourceList } from './arbitraries';
import { asEntry, entryStart, listLayout, styledConfigMap } from './styled-yaml';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10000);

/** Where an entry's YAML 1.1 reading (kubectl) differs from its YAML 1.2 reading (kpt). */
const disagreementsOf = new Map<string, string[]>();
function yaml11Disagreements(entryText: string | undefined): string[] {
  if (entryText === undefined) return [];
  const known = disagreementsOf.get(entryText);
  if (known) return known;
  if (disagreementsOf.size > 10_000) disagreementsOf.clear();
  const found = readDisagreements(entryText);
  disagreementsOf.set(entryText, found);
  return found;
}

function readDisagreements(entryText: string): string[] {
  const read = (version: '1.1' | '1.2'): unknown =>
    (parse(entryText, { ...YAML_READ_OPTIONS, version, maxAliasCount: 100 }) as unknown[])[0];
  return differences(JSON.parse(JSON.stringify(read('1.2'))), JSON.parse(JSON.stringify(read('1.1'))));
}

/** The properties of one function; `owns` says which items it may change (everything else must come out byte for byte). */
function describeProperties(entry: FunctionEntry): void {
  const { fn } = entry;
  const owns = (item: KrmItem): boolean => entry.owns(item);
  describe(`${fn.name} on random ResourceLists`, () => {
    it(`holds every property over ${RUNS} inputs`, () => {
      fc.assert(
        fc.property(resourceList, (input) => {
          const out = runOnText(fn, input);
          if (out.stdout.includes('internal error') || out.stderr.includes('internal error'))
            throw new Error(`internal error:\n${out.stderr}`);
          if (/\n\s+at .+:\d+:\d+/.test(out.stderr)) throw new Error(`stack trace on stderr:\n${out.stderr}`);
          const parsed = readResourceList(out.stdout);
          if (out.exitCode !== (out.stdout.includes('severity: error') ? 1 : 0)) throw new Error('exit code does not follow the results');
          if (runOnText(fn, input).stdout !== out.stdout) throw new Error('same input, different output');

          const outputEntries = new Set(parsed.items.map((i) => i.toEntryText(0)));
          const inputItems = readResourceList(input).items;
          for (const item of inputItems) {
            if (!owns(item) && !outputEntries.has(item.toEntryText(0)))
              throw new Error(`an item the function does not own changed or vanished:\n${item.toEntryText(0)}`);
          }
          // Twins share an identity: an output item is compared with every input item of its identity.
          const before = new Map<string, string[]>();
          for (const i of inputItems) before.set(i.identity, [...(before.get(i.identity) ?? []), i.toEntryText(0)]);
          for (const item of parsed.items) {
            const text = item.toEntryText(0);
            const earlier = before.get(item.identity) ?? [];
            if (earlier.includes(text)) continue;
            const inherited = new Set(earlier.flatMap(yaml11Disagreements));
            const introduced = yaml11Disagreements(text).filter((d) => !inherited.has(d));
            if (introduced.length > 0)
              throw new Error(`the function wrote values that YAML 1.1 reads otherwise: ${introduced.join('; ')}\n${text}`);
          }
          if (out.exitCode === 0) {
            const again = runOnText(fn, out.stdout);
            if (itemsSection(again.stdout) !== itemsSection(out.stdout)) throw new Error('a second run changed the items');
          }
        }),
        { numRuns: RUNS },
      );
    }, 900_000);
  });
}

/** Lists with nothing FoCoM in them: ConfigMaps in every style, in any layout. */
const KPTFILE = [
  'apiVersion: kpt.dev/v1',
  'kind: Kptfile',
  'metadata:',
  '  name: site # the package',
  '  annotations:',
  "    config.kubernetes.io/path: 'Kptfile'",
  'info:',
  '  readinessGates:',
  '  - conditionType: Other # not ours',
  'status:',
  '  conditions:',
  '  - type: Other',
  '    status: "True"',
].join('\n');
const unrelatedItem = fc.oneof({ arbitrary: styledConfigMap, weight: 4 }, { arbitrary: fc.constant(KPTFILE), weight: 1 });
const unrelatedList = fc.tuple(fc.array(fc.tuple(unrelatedItem, entryStart), { maxLength: 4 }), listLayout).map(([items, layout]) => {
  const body = items.map(([text, start]) => asEntry(text, start)).join(layout.columnZeroCommentBetweenItems ? '# between\n' : '');
  const text = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n${body ? `items:\n${body}` : 'items: []\n'}`;
  return layout.crlf ? text.replace(/\n/g, '\r\n') : text;
});

/** A function with nothing to do passes the input through without reading it, and says what it would have said. */
function describeIdlePassThrough({ fn }: FunctionEntry): void {
  it(`${fn.name} with nothing to do writes what it would write after reading every item`, () => {
    const idle = idleOutputOf((input) => runOnText(fn, input), FUNCTION_CONCERNS);
    let passed = 0;
    fc.assert(
      fc.property(unrelatedList, (input) => {
        const shortcut = passThroughIdle(input, idle);
        if (shortcut === undefined) return;
        passed += 1;
        expect(shortcut).toEqual(runOnText(fn, input));
      }),
      { numRuns: Math.ceil(RUNS / 10) },
    );
    expect(passed).toBeGreaterThan(RUNS / 40);
  });
}

for (const entry of FUNCTIONS) describeProperties(entry);
describe('the idle pass-through', () => {
  for (const entry of FUNCTIONS) describeIdlePassThrough(entry);
});
