/**
 * Adds one `key: value` entry to a block mapping inside an item's source text, without parsing
 * the item: the fast path for stamping a label or annotation on thousands of generated
 * resources. It handles only block-style mappings (what kpt writes) and returns undefined for
 * anything else, in which case the caller edits through the yaml Document instead.
 */
import { isAmbiguousPlainScalar } from './ambiguous-scalar';
import { leadingSpaces } from './leading-spaces';

interface Line {
  text: string;
  /** The line without its indentation (and, on the first line, without the `- `). */
  content: string;
  /** Column of the content; the entry's first line counts from after its `- `. */
  indent: number;
  empty: boolean;
}

const PLAIN_SAFE = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/**
 * A scalar as YAML text: plain when every reader (YAML 1.1 and 1.2) reads it back as the same
 * string, else double-quoted.
 */
export function yamlString(value: string): string {
  return PLAIN_SAFE.test(value) && !isAmbiguousPlainScalar(value) ? value : JSON.stringify(value);
}

/** `- ` sequence indicators, then a plain or single-line quoted key and its colon. */
const KEY_LINE = /^((?:- +)*)(?:[A-Za-z0-9_./-][^:#'"]*|"[^"\\]*"|'[^']*'):(?: +(.*))?$/;
/** `- ` sequence indicators, then a scalar entry. */
const ENTRY_LINE = /^((?:- +)+)(.*)$/;
/** A value on one line: plain (not a tag, anchor, alias, block scalar or flow collection) or quoted and closed. */
const ONE_LINE_VALUE = /^(?:[^\s!&*|>{[\]}'"#%@`,?:-][^#]*?|-[^\s#][^#]*?|"(?:[^"\\]|\\.)*"|'(?:[^']|'')*')?(?: +#.*)?$/;

/**
 * Whether the lines (from, to) are all forms this editor understands: comments, and keys or
 * sequence entries whose value is empty or a scalar that ends on its own line. Block scalars
 * (after a key, a tag, an anchor or `- `), multi-line plain or quoted scalars and flow
 * collections are not: inside them a `#` line or a less indented line is content.
 */
function understood(lines: Line[], from: number, to: number): boolean {
  let scalarColumn = -1;
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (line.empty) continue;
    if (scalarColumn >= 0 && line.indent > scalarColumn) return false; // a continued scalar
    const key = KEY_LINE.exec(line.content);
    const match = key ?? ENTRY_LINE.exec(line.content);
    if (!match) return false;
    const value = match[2] ?? '';
    if (!ONE_LINE_VALUE.test(value)) return false;
    const valueIsScalar = value !== '' && !value.startsWith('#');
    // A scalar goes on in any later line indented past its key (or past the dash of `- value`).
    scalarColumn = !valueIsScalar ? -1 : key ? line.indent + match[1].length : line.indent;
  }
  return true;
}

function linesOf(entryText: string, seqIndent: number): Line[] {
  const raw = entryText.split('\n');
  if (raw[raw.length - 1] === '') raw.pop();
  return raw.map((text, i) => {
    // The entry's first line is `- key: value`: its content starts after the dash and spaces.
    const start = i === 0 ? 1 : 0;
    const spaces = leadingSpaces(text, start);
    const content = text.slice(start + spaces);
    const indent = i === 0 ? seqIndent + 1 + spaces : spaces;
    return { text, content, indent, empty: content === '' || content.startsWith('#') };
  });
}

/**
 * Index of the line holding `key:` with nothing after it (but a comment), among lines
 * [from, to) at `indent`; null when the key is there in another form (quoted, or with a value).
 */
function findBlockKey(lines: Line[], from: number, to: number, indent: number, key: string): number | undefined | null {
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (line.empty || line.indent !== indent) continue;
    const { content } = line;
    if (content.startsWith(`"${key}":`) || content.startsWith(`'${key}':`)) return null;
    if (!content.startsWith(`${key}:`)) continue;
    const rest = content.slice(key.length + 1).trim();
    return rest === '' || rest.startsWith('#') ? i : null;
  }
  return undefined;
}

/** End (exclusive) of the block under the line at `keyLine`: the next non-empty line at or left of `indent`. */
function blockEnd(lines: Line[], keyLine: number, indent: number): number {
  let end = keyLine + 1;
  while (end < lines.length && (lines[end].empty || lines[end].indent > indent)) end++;
  return end;
}

function lastContentLine(lines: Line[], from: number, to: number): number {
  let last = from;
  for (let i = from; i < to; i++) if (!lines[i].empty) last = i;
  return last;
}

function childIndent(lines: Line[], from: number, to: number): number | undefined {
  for (let i = from; i < to; i++) if (!lines[i].empty) return lines[i].indent;
  return undefined;
}

/**
 * The entry text with `path` (two or three mapping keys, the last one new) set to `value`, or
 * undefined when the text is not plain block style there.
 */
export function insertMapEntry(entryText: string, seqIndent: number, path: readonly string[], value: string): string | undefined {
  if (path.length < 2 || path.length > 3 || entryText.includes('\t')) return undefined;
  const lines = linesOf(entryText, seqIndent);
  const topIndent = seqIndent + 2;
  // The first line's content must sit at the item's key column (`- key:` with one space).
  if (!lines[0].empty && lines[0].indent !== topIndent) return undefined;

  let parentLine = findBlockKey(lines, 0, lines.length, topIndent, path[0]);
  if (parentLine === undefined || parentLine === null) return undefined;
  let parentIndent = topIndent;
  let end = blockEnd(lines, parentLine, parentIndent);
  const [outerLine, outerEnd] = [parentLine, end];
  let inner = childIndent(lines, parentLine + 1, end);
  if (inner === undefined || inner <= parentIndent) return undefined;

  const insertions: string[] = [];
  if (path.length === 3) {
    const mapLine = findBlockKey(lines, parentLine + 1, end, inner, path[1]);
    if (mapLine === null) return undefined;
    if (mapLine === undefined) {
      insertions.push(
        `${' '.repeat(inner)}${yamlString(path[1])}:`,
        `${' '.repeat(inner + 2)}${yamlString(path[2])}: ${yamlString(value)}`,
      );
    } else {
      parentLine = mapLine;
      parentIndent = inner;
      end = blockEnd(lines, mapLine, inner);
      inner = childIndent(lines, mapLine + 1, end);
      if (inner === undefined || inner <= parentIndent) return undefined;
    }
  }
  const key = path[path.length - 1];
  if (insertions.length === 0) {
    const existing = findBlockKey(lines, parentLine + 1, end, inner, key);
    if (existing !== undefined) return undefined;
    insertions.push(`${' '.repeat(inner)}${yamlString(key)}: ${yamlString(value)}`);
  }
  if (!understood(lines, outerLine + 1, outerEnd)) return undefined;
  const after = lastContentLine(lines, parentLine, end);
  const out = [...lines.slice(0, after + 1).map((l) => l.text), ...insertions, ...lines.slice(after + 1).map((l) => l.text)];
  return `${out.join('\n')}\n`;
}

/**
 * The lines of one top-level key of an entry (`metadata:` and all below it) as a YAML document of
 * their own, or undefined when the key is not written plainly in block style. An insert under a
 * key changes no other line, and a line at the item's key column ends whatever the block held,
 * so reading this block back is enough to prove the insert.
 */
export function topLevelBlock(entryText: string, seqIndent: number, key: string): string | undefined {
  const lines = linesOf(entryText, seqIndent);
  const topIndent = seqIndent + 2;
  if (!lines[0].empty && lines[0].indent !== topIndent) return undefined;
  const keyLine = findBlockKey(lines, 0, lines.length, topIndent, key);
  if (keyLine === undefined || keyLine === null) return undefined;
  const block = lines.slice(keyLine, blockEnd(lines, keyLine, topIndent)).map((l) => l.text);
  if (keyLine === 0) block[0] = ' '.repeat(topIndent) + lines[0].content;
  return `${block.join('\n')}\n`;
}
