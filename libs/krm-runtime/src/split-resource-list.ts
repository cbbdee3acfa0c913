/**
 * The fast path for reading a ResourceList in the block style kpt writes: items are found by
 * scanning lines (an item starts with `-` at the sequence's column), so no YAML parser runs
 * over the whole input, and each item's text is a slice of the input, not a copy. Anything
 * unusual (flow style, JSON, tabs, document markers, comments before the first item, a line the
 * scan cannot place) returns undefined and the caller falls back to the full CST reader.
 */
import { leadingSpaces } from './leading-spaces';

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

interface Line {
  start: number;
  end: number;
  indent: number;
  /** Blank, or nothing but a comment. */
  empty: boolean;
}

function scanLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const indent = leadingSpaces(text, start, end);
    const first = start + indent < end ? text.charCodeAt(start + indent) : -1;
    lines.push({ start, end, indent, empty: first === -1 || first === 35 /* # */ });
    start = end + 1;
  }
  return lines;
}

export function splitResourceList(text: string): SplitResourceList | undefined {
  if (text.includes('\t') || text.includes('\r')) return undefined;
  const lines = scanLines(text);
  const lineText = (l: Line): string => text.slice(l.start, l.end);

  const sections = new Map<string, { start: number; end: number; inline: string | undefined }>();
  let current: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.empty || line.indent > 0) continue;
    const head = text.charCodeAt(line.start);
    if (head === 45 /* - */) {
      if (text.startsWith('---', line.start) || current === undefined) return undefined;
      continue;
    }
    if (text.startsWith('...', line.start) || head === 37 /* % */) return undefined;
    const match = TOP_KEY.exec(lineText(line));
    if (!match) return undefined;
    const key = match[1];
    if (sections.has(key)) return undefined;
    if (current) sections.get(current)!.end = i;
    sections.set(key, { start: i, end: lines.length, inline: match[2] });
    current = key;
  }

  const header = (key: string): string | undefined | null => {
    const section = sections.get(key);
    if (!section) return undefined;
    for (let i = section.start + 1; i < section.end; i++) if (!lines[i].empty) return null;
    const value = PLAIN_HEADER.exec(section.inline ?? '');
    return value ? (value[1] ?? value[2] ?? value[3]) : null;
  };
  const apiVersion = header('apiVersion');
  const kind = header('kind');
  if (apiVersion === null || kind === null) return undefined;

  const result: SplitResourceList = { apiVersion, kind, seqIndent: 0, items: [] };
  const items = sections.get('items');
  if (items) {
    const inline = items.inline?.replace(/[ \t]+#.*$/, '');
    if (inline === '[]') {
      for (let i = items.start + 1; i < items.end; i++) if (!lines[i].empty) return undefined;
    } else if (inline !== undefined && inline !== '' && !inline.startsWith('#')) {
      return undefined;
    } else {
      const split = splitItems(text, lines, items.start + 1, items.end);
      if (!split) return undefined;
      result.seqIndent = split.seqIndent;
      result.items = split.items;
    }
  }

  const config = sections.get('functionConfig');
  if (config) {
    if (config.inline !== undefined && config.inline !== '' && !config.inline.startsWith('#')) return undefined;
    const last = lines[config.end - 1];
    result.functionConfigText = `${text.slice(lines[config.start].start, last.end)}\n`;
  }
  return result;
}

function splitItems(text: string, lines: Line[], from: number, to: number): { seqIndent: number; items: SplitItem[] } | undefined {
  if (from === to) return { seqIndent: 0, items: [] };
  const firstLine = lines[from];
  if (firstLine.empty) return undefined;
  const seqIndent = firstLine.indent;
  const isEntry = (l: Line): boolean => {
    if (l.empty || l.indent !== seqIndent || text.charCodeAt(l.start + seqIndent) !== 45 /* - */) return false;
    const next = l.start + seqIndent + 1;
    return next === l.end || text.charCodeAt(next) === 32;
  };
  if (!isEntry(firstLine)) return undefined;
  const starts: number[] = [];
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (isEntry(line)) starts.push(i);
    else if (!line.empty && line.indent < seqIndent + 2) return undefined;
  }
  const items: SplitItem[] = [];
  for (let n = 0; n < starts.length; n++) {
    const first = lines[starts[n]];
    const last = lines[(n + 1 < starts.length ? starts[n + 1] : to) - 1];
    const head = text.slice(first.start + seqIndent, first.end);
    const afterDash = head.slice(1).trimStart();
    const entryStart = afterDash === '' || afterDash.startsWith('#') ? `${head}\n` : head.slice(0, head.length - afterDash.length);
    items.push({ entryText: `${text.slice(first.start + seqIndent, last.end)}\n`, entryStart });
  }
  return { seqIndent, items };
}
