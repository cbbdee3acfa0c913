/**
 * The functions of functions/registry.ts piped together, in its order, over random packages:
 * every stage's output feeds the next, text edits are re-read (FOCOM_VERIFY_TEXT_EDITS), and
 * piping the final output through all of them again changes no item.
 */
import fc from 'fast-check';
import { runOnText } from '@focom/krm-runtime';
import { FUNCTIONS } from '../../functions/registry';
import { itemsSection } from '@focom/test-support/resource-list-text';
import { resourceList } from './arbitraries';

const RUNS = Math.ceil(Number(process.env.FUZZ_RUNS ?? 10000) / 4);
const PIPELINE = FUNCTIONS.filter((f) => f.stage).map((f) => f.fn);
const WHOLE = FUNCTIONS.filter((f) => !f.stage).map((f) => f.fn);

function pipe(input: string): { stdout: string; ok: boolean } {
  let text = input;
  for (const fn of PIPELINE) {
    const out = runOnText(fn, text);
    if (out.stdout.includes('internal error')) throw new Error(`internal error in ${fn.name}:\n${out.stderr}`);
    if (out.exitCode !== 0) return { stdout: out.stdout, ok: false };
    text = out.stdout;
  }
  return { stdout: text, ok: true };
}

describe('the functions piped together', () => {
  it(`render twice changes nothing over ${RUNS} packages`, () => {
    let rendered = 0;
    fc.assert(
      fc.property(resourceList, (input) => {
        const first = pipe(input);
        if (!first.ok) return;
        rendered += 1;
        const second = pipe(first.stdout);
        if (!second.ok) throw new Error('the second render failed');
        if (itemsSection(second.stdout) !== itemsSection(first.stdout)) throw new Error('the second render changed items');
      }),
      { numRuns: RUNS },
    );
    expect(rendered).toBeGreaterThan(RUNS / 20);
  }, 900_000);

  it.each(WHOLE.map((fn) => [fn.name, fn] as const))(
    `%s writes the items the stages write, over ${RUNS} packages`,
    (_name, whole) => {
      let compared = 0;
      fc.assert(
        fc.property(resourceList, (input) => {
          // In a Kptfile each stage has its own functionConfig; here the stages would share one.
          if (input.includes('functionConfig:')) return;
          const staged = pipe(input);
          const once = runOnText(whole, input);
          if (once.stdout.includes('internal error')) throw new Error(`internal error in ${whole.name}:\n${once.stderr}`);
          expect({ ok: once.exitCode === 0 }).toEqual({ ok: staged.ok });
          if (!staged.ok) return;
          compared += 1;
          if (itemsSection(once.stdout) !== itemsSection(staged.stdout))
            throw new Error('the one-process render wrote other items than the stages');
        }),
        { numRuns: RUNS },
      );
      expect(compared).toBeGreaterThan(RUNS / 20);
    },
    900_000,
  );
});
