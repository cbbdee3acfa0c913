/**
 * The fast path for reading a ResourceList in the block style kpt writes: one pass over the
 * lines finds the header, the items (an item starts with `-` at the sequence's column) and the
 * functionConfig, so no YAML parser runs over the whole input, and each item's text is a slice of
 * the input, not a copy. Anything unusual (flow style, JSON, tabs, document markers, comments
 * before the first item, a line the scan cannot place) returns undefined and the caller falls
 * back to one CST parse of the whole input (read-resource-list.ts). The launcher's idle check
 * uses the same scan, so what it passes through unread is what the functions would read.
 */
import { leadingSpaces } from './leading-spaces';

/** Where the parts of a ResourceList lie in its text, found without a YAML parser. */
export interface ResourceListLayout {
  apiVersion: string | undefined;
  kind: string | undefined;
  /** Column of the items' `-`. */
  seqIndent: number;
  /** Offset of each item's first line. */
  entryLines: number[];
  /** The items' lines: from the first item's line to the end of the last one's last line, its newline excluded. */
  itemsFrom: number;
  itemsTo: number;
  /** `functionConfig:` and its value: offsets of its first line and of the end of its last line. */
  functionConfig?: { from: number; to: number };
}

export interface SplitItem {
  /** The whole sequence entry from `-` on, ending in a newline: written back as is. */
  entryText: string;
  /** What precedes the value on the entry's first line(s): `- `, a wide `-   `, or `- # comment\n`. */
  entryStart: string;
}

export interface SplitResourceList {
  apiVersion: string | undefined;
  kind: string | undefined;
  seqIndent: number;
  items: SplitItem[];
  /** `functionConfig:` and its value, verbatim. */
  functionConfigText?: string;
}

const TOP_KEY = /^([A-Za-z][A-Za-z0-9_-]*):(?:[ \t]+(.*?))?[ \t]*$/;
const PLAIN_HEADER = /^(?:"([^"\\]*)"|'([^']*)'|([A-Za-z0-9./_-]+))(?:[ \t]+#.*)?$/;

const SPACE = 32;
const DASH = 45;
const HASH = 35;

/** A top-level key and its lines. */
interface Section {
  /** Offset of the key's line. */
  start: number;
  /** End of the section's last line (its newline excluded). */
  end: number;
  inline: string | undefined;
  /** Whether a line after the key's holds more than blanks and comments. */
  hasBody: boolean;
}

/** What the scan knows of the items while it walks their lines. */
interface ItemsScan {
  /** -1 until the line after `items:` is read. */
  seqIndent: number;
  entryLines: number[];
}

/** The items, their texts cut from the input. */
export function splitResourceList(text: string): SplitResourceList | undefined {
  const layout = scanResourceList(text);
  if (!layout) return undefined;
  const { seqIndent, entryLines } = layout;
  const items = entryLines.map((lineStart, n): SplitItem => {
    const dash = lineStart + seqIndent;
    // Each entry ends at a newline of the input (but the last, if the input lacks its final one): sliced with it.
    const end = n + 1 < entryLines.length ? entryLines[n + 1] : layout.itemsTo + 1;
    const entryText = end <= text.length ? text.slice(dash, end) : `${text.slice(dash)}\n`;
    return { entryText, entryStart: entryStartOf(text, dash) };
  });
  const split: SplitResourceList = { apiVersion: layout.apiVersion, kind: layout.kind, seqIndent, items };
  if (layout.functionConfig) split.functionConfigText = `${text.slice(layout.functionConfig.from, layout.functionConfig.to)}\n`;
  return split;
}

/**
 * The layout of a ResourceList in kpt's block style, or undefined when the scan cannot prove it.
 * Most lines cost a search for their newline and a look at their first characters.
 */
export function scanResourceList(text: string): ResourceListLayout | undefined {
  if (text.includes('\t') || text.includes('\r')) return undefined;
  const sections = new Map<string, Section>();
  let current: Section | undefined;
  /** The items' scan, once `items:` opens a block sequence; `inItems` the same while the scan is in their lines. */
  let items: ItemsScan | undefined;
  let inItems: ItemsScan | undefined;
  /** The end of the input's last line, its newline excluded: where the last section ends. */
  const lastLineEnd = text.endsWith('\n') ? text.length - 1 : text.length;
  /**
   * While in the items after their first line: the next line not indented to the items' values.
   * The lines it skips are inside an item, and a native search skips them faster than this loop
   * would read them, even on the launcher's cold start.
   */
  let nextItemLine: RegExp | undefined;
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const head = start < end ? text.charCodeAt(start) : -1;
    if (head !== SPACE && head !== -1 && head !== HASH && head !== DASH) {
      // A new top-level key.
      if (text.startsWith('...', start) || head === 37 /* % */) return undefined;
      const match = TOP_KEY.exec(text.slice(start, end));
      if (!match || sections.has(match[1])) return undefined;
      if (current) current.end = start - 1;
      current = { start, end: lastLineEnd, inline: match[2], hasBody: false };
      sections.set(match[1], current);
      inItems = match[1] === 'items' && isBlockItems(current.inline) ? { seqIndent: -1, entryLines: [] } : undefined;
      items ??= inItems;
      nextItemLine = undefined;
    } else if (head === DASH && (text.startsWith('---', start) || current === undefined)) {
      return undefined;
    } else if (inItems) {
      if (!scanItemLine(text, start, end, inItems)) return undefined;
      nextItemLine ??= new RegExp(`\\n(?! {${inItems.seqIndent + 2}})`, 'g');
      nextItemLine.lastIndex = end;
      const next = nextItemLine.exec(text);
      start = next ? next.index + 1 : text.length;
      continue;
    } else if (current && !current.hasBody && !isEmptyLine(text, start, end)) {
      current.hasBody = true;
    }
    start = end + 1;
  }

  const header = (key: string): string | undefined | null => {
    const section = sections.get(key);
    if (!section) return undefined;
    if (section.hasBody) return null;
    const value = PLAIN_HEADER.exec(section.inline ?? '');
    return value ? (value[1] ?? value[2] ?? value[3]) : null;
  };
  const apiVersion = header('apiVersion');
  const kind = header('kind');
  if (apiVersion === null || kind === null) return undefined;

  const layout: ResourceListLayout = { apiVersion, kind, seqIndent: 0, entryLines: [], itemsFrom: text.length, itemsTo: text.length };
  const itemsSection = sections.get('items');
  if (itemsSection) {
    const inline = itemsSection.inline?.replace(/[ \t]+#.*$/, '');
    if (inline === '[]') {
      if (itemsSection.hasBody) return undefined;
    } else if (!items) {
      return undefined;
    } else if (items.entryLines.length > 0) {
      layout.seqIndent = items.seqIndent;
      layout.entryLines = items.entryLines;
      layout.itemsFrom = items.entryLines[0];
      layout.itemsTo = itemsSection.end;
    }
  }

  const config = sections.get('functionConfig');
  if (config) {
    if (config.inline !== undefined && config.inline !== '' && !config.inline.startsWith('#')) return undefined;
    layout.functionConfig = { from: config.start, to: config.end };
  }
  return layout;
}

/** What precedes an entry's value: `- ` (most often), a wider `-   `, or the whole line when the value starts on the next. */
function entryStartOf(text: string, dash: number): string {
  const next = text.charCodeAt(dash + 2);
  // A printable ASCII character other than `#` after `- `: no space for trimStart to take (it takes Unicode spaces too).
  if (text.charCodeAt(dash + 1) === SPACE && next > SPACE && next < 127 && next !== HASH) return '- ';
  const head = text.slice(dash, lineEnd(text, dash));
  const afterDash = head.slice(1).trimStart();
  return afterDash === '' || afterDash.startsWith('#') ? `${head}\n` : head.slice(0, head.length - afterDash.length);
}

/** `items:` with nothing after it but a comment: a block sequence follows. */
function isBlockItems(inline: string | undefined): boolean {
  const value = inline?.replace(/[ \t]+#.*$/, '');
  return value === undefined || value === '' || value.startsWith('#');
}

/**
 * One line of the items: the first must be an entry (its column is the sequence's), every other
 * an entry, a blank or comment line, or a line indented past the entries' values.
 */
function scanItemLine(text: string, start: number, end: number, items: ItemsScan): boolean {
  if (items.seqIndent < 0) {
    if (isEmptyLine(text, start, end)) return false;
    items.seqIndent = leadingSpaces(text, start, end);
    if (!isEntry(text, start, end, items.seqIndent)) return false;
    items.entryLines.push(start);
    return true;
  }
  const seqIndent = items.seqIndent;
  if (isIndented(text, start, end, seqIndent + 2) || isEmptyLine(text, start, end)) return true;
  if (isEntry(text, start, end, seqIndent) && leadingSpaces(text, start, end) === seqIndent) {
    items.entryLines.push(start);
    return true;
  }
  return false;
}

function isEntry(text: string, start: number, end: number, seqIndent: number): boolean {
  const dash = start + seqIndent;
  if (dash >= end || text.charCodeAt(dash) !== DASH) return false;
  return dash + 1 === end || text.charCodeAt(dash + 1) === SPACE;
}

/** Whether the line starts with `columns` spaces. */
function isIndented(text: string, start: number, end: number, columns: number): boolean {
  if (end - start < columns) return false;
  for (let i = start; i < start + columns; i++) if (text.charCodeAt(i) !== SPACE) return false;
  return true;
}

/** Blank, or nothing but a comment. */
function isEmptyLine(text: string, start: number, end: number): boolean {
  const first = start + leadingSpaces(text, start, end);
  return first === end || text.charCodeAt(first) === HASH;
}

function lineEnd(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end < 0 ? text.length : end;
}
