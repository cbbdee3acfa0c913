/**
 * Property-based tests (helper): random ResourceLists (both dialects, random parameters, comments and
 * quoting) through each function, in-process. FUZZ_RUNS sets the runs per function (default
 * 10,000, the CI count).
 */
import fc from 'fast-check';
import { type KrmFunction, type KrmItem, readResourceList, runOnText } from '../../functions/lib/src';
import { REQUEST_LABEL } from '../../functions/lib/src/focom';
import { expandProvisioningRequest } from '../../functions/expand-provisioning-request/src/expand-provisioning-request';
import { injectOCloudTargeting } from '../../functions/inject-ocloud-targeting/src/inject-ocloud-targeting';
import { validateTemplateParams } from '../../functions/validate-template-params/src/validate-template-params';
import { resourceList } from './arbitraries';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10000);

/** What each function may change: everything else must come out byte for byte. */
const OWNS: Array<[KrmFunction, (item: KrmItem) => boolean]> = [
  [validateTemplateParams, () => false],
  [expandProvisioningRequest, (i) => i.labels[REQUEST_LABEL] !== undefined && (i.fileRef?.path ?? '').startsWith('generated/')],
  [injectOCloudTargeting, (i) => i.kind === 'Kptfile' || (i.labels[REQUEST_LABEL] !== undefined && /^(generated|delivery)\//.test(i.fileRef?.path ?? ''))],
];

/** The items, which every ResourceList the functions write puts last. */
function itemsSection(text: string): string {
  const start = text.search(/^items:/m);
  if (start < 0) throw new Error(`no items in the output:\n${text}`);
  return text.slice(start);
}

/** Registers the property test of one function (one file per function, so jest runs them in parallel). */
export function describeProperties(fn: KrmFunction): void {
  const owns = OWNS.find(([f]) => f === fn)![1];
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

