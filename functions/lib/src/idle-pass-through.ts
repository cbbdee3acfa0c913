/**
 * A function with nothing to do passes its input through without reading the items: no YAML
 * library is loaded, no item object is built, and the function's bundle is not even compiled.
 * Porch renders one small package per site on every edit, and most pipelines hold packages
 * with nothing FoCoM in them, so this is the cost most runs pay.
 */
import { assembleResourceList } from './resource-list-text';
import { RESOURCE_LIST_API_VERSIONS } from './resource-list';
import { splitResourceList } from './split-resource-list';

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
const CONCERNS = ['focom.nephio.org', 'provisioning.oran.org', 'OCloud', 'TemplateInfo', 'FocomTemplate', 'ProvisioningRequest'];

/**
 * The output for an input with nothing for the function: the items as they came, with the
 * results the function gives for an empty list. Undefined when the input may concern it, has a
 * functionConfig (which the function must check), or is laid out in a way the line scanner does
 * not take; the function then runs as usual. The items are not parsed: kpt, which sent them, has
 * read every one of them.
 */
export function passThroughIdle(text: string, idle: IdleOutput): { stdout: string; stderr: string; exitCode: number } | undefined {
  if (CONCERNS.some((word) => text.includes(word))) return undefined;
  const split = splitResourceList(text);
  if (!split || split.functionConfigText !== undefined || split.apiVersion === undefined) return undefined;
  if (split.kind !== 'ResourceList' && split.kind !== 'List') return undefined;
  if (!(RESOURCE_LIST_API_VERSIONS as readonly string[]).includes(split.apiVersion)) return undefined;
  const pad = ' '.repeat(split.seqIndent);
  const stdout = assembleResourceList({
    apiVersion: split.apiVersion,
    kind: split.kind,
    resultsText: idle.resultsText,
    functionConfigText: '',
    itemTexts: split.items.map((item) => pad + item.entryText),
  });
  return { stdout, stderr: idle.stderr, exitCode: idle.exitCode };
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
