/**
 * Property-based tests: random ResourceLists (both dialects, random parameters, comments and
 * quoting) through each function of functions/registry.ts, in-process. FUZZ_RUNS sets the runs
 * per function (default 10,000, the CI count).
 */
import fc from 'fast-check';
import { readResourceList, runOnText } from '../../functions/lib/src';
import { type FunctionEntry, FUNCTIONS } from '../../functions/registry';
import { resourceList } from './arbitraries';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10000);

function itemsSection(text: string): string {
  const end = text.search(/^(functionConfig|results):/m);
  return end < 0 ? text : text.slice(0, end);
}

/** The properties of one function; `owns` says which items it may change (everything else must come out byte for byte). */
function describeProperties({ fn, owns }: FunctionEntry): void {
  describe(`${fn.name} on random ResourceLists`, () => {
  it(`holds every property over ${RUNS} inputs`, () => {
    fc.assert(
      fc.property(resourceList, (input) => {
        const out = runOnText(fn, input);
        if (out.stdout.includes('internal error') || out.stderr.includes('internal error')) throw new Error(`internal error:\n${out.stderr}`);
        if (/\n\s+at .+:\d+:\d+/.test(out.stderr)) throw new Error(`stack trace on stderr:\n${out.stderr}`);
        const parsed = readResourceList(out.stdout);
        if (out.exitCode !== (out.stdout.includes('severity: error') ? 1 : 0)) throw new Error('exit code does not follow the results');
        if (runOnText(fn, input).stdout !== out.stdout) throw new Error('same input, different output');

        const outputEntries = new Set(parsed.items.map((i) => i.toEntryText(0)));
        for (const item of readResourceList(input).items) {
          if (!owns(item) && !outputEntries.has(item.toEntryText(0))) throw new Error(`an item the function does not own changed or vanished:\n${item.toEntryText(0)}`);
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

for (const entry of FUNCTIONS) describeProperties(entry);
