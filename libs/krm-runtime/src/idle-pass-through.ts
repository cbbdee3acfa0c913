/**
 * A function with nothing to do passes its input through without reading the items: no YAML
 * library is loaded, no item object is built, and the function's bundle is not even compiled.
 * Porch renders one small package per site on every edit, and most pipelines hold packages
 * with nothing for a given function in them, so this is the cost most runs pay. What concerns a
 * function is its own business: it comes with the idle output, written at build time.
 */
import { assembleResourceList } from './resource-list-text';
import { isResourceListHeader } from './resource-list';
import { scanResourceList } from './split-resource-list';

/** What a function writes besides the items when it has nothing to do: made at build time by running it on an empty list. */
export interface IdleOutput {
  resultsText: string;
  stderr: string;
  exitCode: number;
  /**
   * A regular expression (its source) that the text of every input the function may act on
   * matches: the function's own vocabulary (its API groups and kinds), which the runtime does not know.
   */
  concerns: string;
}

/**
 * The output for an input with nothing for the function: the items as they came, with the
 * results the function gives for an empty list. Undefined when the input may concern it, has a
 * functionConfig (which the function must check), or is laid out in a way the line scanner does
 * not take; the function then runs as usual. The items are not parsed: kpt, which sent them, has
 * read every one of them.
 */
export function passThroughIdle(text: string, idle: IdleOutput): { stdout: string; stderr: string; exitCode: number } | undefined {
  const shortcut = idlePassThrough(text, idle);
  if (!shortcut) return undefined;
  const items = shortcut.itemsFrom < shortcut.itemsTo ? `${text.slice(shortcut.itemsFrom, shortcut.itemsTo)}\n` : '';
  return { stdout: `${shortcut.head}${items}`, stderr: shortcut.stderr, exitCode: shortcut.exitCode };
}

/**
 * The idle output in pieces: `head`, then the input's items as they came (from `itemsFrom` to
 * `itemsTo`, the last item's newline excluded) and a newline, if there are items.
 */
export interface IdlePassThrough {
  head: string;
  itemsFrom: number;
  itemsTo: number;
  stderr: string;
  exitCode: number;
}

/** The same line scan the functions read their input with finds the header and the items' text. */
export function idlePassThrough(text: string, idle: IdleOutput): IdlePassThrough | undefined {
  if (new RegExp(idle.concerns).test(text)) return undefined;
  const layout = scanResourceList(text);
  if (!layout || layout.functionConfig) return undefined;
  const { apiVersion, kind } = layout;
  if (apiVersion === undefined || kind === undefined || !isResourceListHeader(apiVersion, kind)) return undefined;
  const hasItems = layout.entryLines.length > 0;
  const head = assembleResourceList({
    apiVersion,
    kind,
    resultsText: idle.resultsText,
    functionConfigText: '',
    // The items' text follows the head unread.
    itemTexts: hasItems ? [''] : [],
  });
  return { head, itemsFrom: layout.itemsFrom, itemsTo: layout.itemsTo, stderr: idle.stderr, exitCode: idle.exitCode };
}

/** The idle output of a function, from its output on an empty ResourceList. */
export function idleOutputOf(run: (input: string) => { stdout: string; stderr: string; exitCode: number }, concerns: RegExp): IdleOutput {
  const header = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
  const out = run(`${header}items: []\n`);
  if (!out.stdout.startsWith(header) || !out.stdout.endsWith('items: []\n'))
    throw new Error(`unexpected output on an empty list:\n${out.stdout}`);
  return {
    resultsText: out.stdout.slice(header.length, -'items: []\n'.length),
    stderr: out.stderr,
    exitCode: out.exitCode,
    concerns: concerns.source,
  };
}

/** The launcher hands the input it has read to the function's bundle through this global. */
const HANDED_INPUT = Symbol.for('krm-runtime/function-input');

export function handInput(text: string): void {
  (globalThis as Record<symbol, unknown>)[HANDED_INPUT] = text;
}

/** The input the launcher read, if it did; taken once. */
export function takeHandedInput(): string | undefined {
  const holder = globalThis as Record<symbol, unknown>;
  const text = holder[HANDED_INPUT];
  delete holder[HANDED_INPUT];
  return typeof text === 'string' ? text : undefined;
}
