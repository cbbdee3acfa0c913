/**
 * A function with nothing to do passes its input through without reading the items: no YAML
 * library is loaded, no item object is built, and the function's bundle is not even compiled.
 * Porch renders one small package per site on every edit, and most pipelines hold packages
 * with nothing FoCoM in them, so this is the cost most runs pay.
 */
import { assembleResourceList } from './resource-list-text';
import { RESOURCE_LIST_API_VERSIONS } from './resource-list';

/** What a function writes besides the items when it has nothing to do: made at build time by running it on an empty list. */
export interface IdleOutput {
  resultsText: string;
  stderr: string;
  exitCode: number;
}

/**
 * Words that every resource a function could act on contains: the FoCoM groups (also in every
 * label, annotation and condition the functions write) and the kinds they read in any group
 * (a TemplateInfo of an unknown group still gets a warning).
 */
const CONCERNS = /focom\.nephio\.org|provisioning\.oran\.org|OCloud|TemplateInfo|FocomTemplate|ProvisioningRequest/;

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
  const stdout = `${shortcut.head}${text.slice(shortcut.itemsFrom)}${shortcut.finalNewline ? '\n' : ''}`;
  return { stdout, stderr: shortcut.stderr, exitCode: shortcut.exitCode };
}

/** The idle output in pieces: `head`, then the input from `itemsFrom` on as it came, then a newline if it lacked one. */
export interface IdlePassThrough {
  head: string;
  itemsFrom: number;
  finalNewline: boolean;
  stderr: string;
  exitCode: number;
}

export function idlePassThrough(text: string, idle: IdleOutput): IdlePassThrough | undefined {
  if (CONCERNS.test(text)) return undefined;
  const list = kptLayout(text);
  if (!list) return undefined;
  const head = assembleResourceList({
    apiVersion: list.apiVersion,
    kind: list.kind,
    resultsText: idle.resultsText,
    functionConfigText: '',
    itemTexts: [],
  });
  if (list.itemsFrom === text.length)
    return { head, itemsFrom: text.length, finalNewline: false, stderr: idle.stderr, exitCode: idle.exitCode };
  return {
    head: head.replace(/items: \[\]\n$/, 'items:\n'),
    itemsFrom: list.itemsFrom,
    finalNewline: !text.endsWith('\n'),
    stderr: idle.stderr,
    exitCode: idle.exitCode,
  };
}

/** A key at column 0: its name and what follows the colon. */
const TOP_LINE = /^([^ \n#-][^\n]*)$/gm;
const TOP_KEY = /^([A-Za-z][A-Za-z0-9_-]*):(?:[ ]+(.*?))?[ ]*$/;
const PLAIN_VALUE = /^[A-Za-z0-9./_-]+$/;
/** A line the reader would not take as part of an item at column 0: indented by one space only. */
const STRAY_LINE = /^ [^ \n]/m;

/**
 * The header and items of a ResourceList written the way kpt writes one: `apiVersion`, `kind`
 * and `items` at column 0 and nothing else (no functionConfig), items as a block sequence at
 * column 0 whose first line is an entry, no tabs, carriage returns or document markers.
 * `items` is the items' text from the first `-` to the end, which every reader of this project
 * writes back unchanged when nothing edits it. Found with native regular expressions over the
 * column-0 lines only, so a 1 MB package costs about a millisecond.
 */
function kptLayout(text: string): { apiVersion: string; kind: string; itemsFrom: number } | undefined {
  if (text.includes('\t') || text.includes('\r') || STRAY_LINE.test(text)) return undefined;
  const header: Record<string, string> = {};
  let itemsAt = -1;
  TOP_LINE.lastIndex = 0;
  for (let match = TOP_LINE.exec(text); match; match = TOP_LINE.exec(text)) {
    if (itemsAt >= 0) return undefined; // a key after the items
    const key = TOP_KEY.exec(match[1]);
    if (!key) return undefined;
    const [, name, value = ''] = key;
    if (name === 'items') {
      if (value === '[]') {
        const { apiVersion, kind } = header;
        if (text.slice(match.index + match[0].length).trim() !== '' || !apiVersion || !kind || !isListHeader(apiVersion, kind))
          return undefined;
        return { apiVersion, kind, itemsFrom: text.length };
      }
      if (value !== '') return undefined;
      itemsAt = match.index + match[0].length + 1;
    } else if ((name === 'apiVersion' || name === 'kind') && header[name] === undefined && PLAIN_VALUE.test(value)) {
      header[name] = value;
    } else {
      return undefined;
    }
  }
  const { apiVersion, kind } = header;
  if (itemsAt < 0 || apiVersion === undefined || kind === undefined) return undefined;
  if (!isListHeader(apiVersion, kind)) return undefined;
  // Every column-0 line of the items is an entry (`- ` or a lone `-`): no `-x`, `---` or `...`.
  if (!text.startsWith('- ', itemsAt) && !text.startsWith('-\n', itemsAt)) return undefined;
  if (/^-[^ \n]|^\.\.\./m.test(text.slice(itemsAt))) return undefined;
  return { apiVersion, kind, itemsFrom: itemsAt };
}

function isListHeader(apiVersion: string, kind: string): boolean {
  return (kind === 'ResourceList' || kind === 'List') && (RESOURCE_LIST_API_VERSIONS as readonly string[]).includes(apiVersion);
}

/** The idle output of a function, from its output on an empty ResourceList. */
export function idleOutputOf(run: (input: string) => { stdout: string; stderr: string; exitCode: number }): IdleOutput {
  const header = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
  const out = run(`${header}items: []\n`);
  if (!out.stdout.startsWith(header) || !out.stdout.endsWith('items: []\n'))
    throw new Error(`unexpected output on an empty list:\n${out.stdout}`);
  return { resultsText: out.stdout.slice(header.length, -'items: []\n'.length), stderr: out.stderr, exitCode: out.exitCode };
}

/** The launcher hands the input it has read to the function's bundle through this global. */
const HANDED_INPUT = Symbol.for('focom.nephio.org/krm-function-input');

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
