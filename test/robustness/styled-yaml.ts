/**
 * fast-check generators of YAML written in the styles that break naive text editing: tags,
 * anchors and aliases, block scalars with indentation and chomping indicators, multi-line
 * quoted and plain scalars, flow collections, wide dashes, comments, CRLF, and string values
 * that YAML 1.1 readers take for booleans, numbers or timestamps.
 */
import fc from 'fast-check';

/** Strings that kubectl (YAML 1.1) reads as another type when they are written plain. */
export const YAML11_AMBIGUOUS = [
  'y',
  'Y',
  'yes',
  'NO',
  'on',
  'Off',
  'TRUE',
  'false',
  'null',
  '~',
  '',
  '<<',
  '0777',
  '0o17',
  '0x1F',
  '0b101',
  '1_000',
  '08',
  '1e3',
  '.5',
  '190:20:30',
  '.inf',
  '-.Inf',
  '.nan',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '42',
];

/** A string value worth writing: ambiguous, ordinary, or awkward for the writer. */
export const stringValue = fc.oneof(
  { arbitrary: fc.constantFrom(...YAML11_AMBIGUOUS), weight: 4 },
  { arbitrary: fc.constantFrom('site-a', 'v1.2.3', 'x y', 'a: b', '# not a comment', 'line\nbreak', "it's", 'café', '- dash'), weight: 2 },
  { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
);

/** One `key: value` entry of a block mapping, as lines at column 0, in an unusual style. */
export const styledEntry = fc.constantFrom(
  'tagged: !!str |\n  first\n  # second',
  'anchored: &a1 |\n  first\n  # second',
  'binary: !!binary aGVsbG8=',
  'shared: &s1 {x: 1, y: "on"}\naliased: *s1',
  'flowmap: {a: 1, b: "yes", c: [x, "0777"]}',
  'flowseq: [one, "two", 3]',
  'listed:\n- |\n  first\n  # second\n- plain',
  'kept: |2-\n    indented\n  # content\n',
  'folded: >+\n  text\n\n',
  'quoted: "first\n  # second"',
  "single: 'first\n  second'",
  'plainmulti: first\n  second',
  'userplain: on',
  'userquoted: "on"',
  'empty:',
  'commented: value # trailing comment',
);

/** A mapping body at column 0: plain entries, styled entries and comments, keys unique. */
export const styledMapping = fc
  .tuple(
    fc.array(styledEntry, { maxLength: 4 }),
    fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), stringValue), { maxLength: 3 }),
    fc.boolean(),
  )
  .map(([styled, plain, comment]) => {
    const seen = new Set<string>();
    const entries: string[] = [];
    for (const entry of styled) {
      const key = entry.slice(0, entry.indexOf(':'));
      if (seen.has(key)) continue; // each styled entry has its own anchor name, so once per mapping is enough
      seen.add(key);
      entries.push(entry);
    }
    for (const [key, value] of plain) {
      if (seen.has(key)) continue;
      seen.add(key);
      entries.push(`${key}: ${JSON.stringify(value)}`);
    }
    if (comment) entries.push('# a comment at the end of the mapping');
    return entries.join('\n');
  });

export function indent(text: string, by: number): string {
  const pad = ' '.repeat(by);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

/** How an item's sequence entry starts. */
export const entryStart = fc.constantFrom('- ', '- ', '- ', '-   ', '- # head comment\n  ');

/** The item body (column 0) as a ResourceList entry: its `-` at column 0, its lines indented to match. */
export function asEntry(body: string, start: string): string {
  const column = start.includes('\n') ? 2 : start.length;
  const [first, ...rest] = body.split('\n');
  return `${start}${first}\n${rest.map((l) => (l === '' ? l : ' '.repeat(column) + l)).join('\n')}\n`.replace(/\n+$/, '\n');
}

/** A ConfigMap with styled labels, annotations and data. */
export const styledConfigMap = fc
  .tuple(styledMapping, styledMapping, styledMapping, fc.boolean(), fc.boolean())
  .map(([labels, annotations, data, flowLabels, hasAnnotations]) => {
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: styled # the name'];
    lines.push(flowLabels ? '  labels: {app: styled, "on": "off"}' : `  labels:\n${indent(labels || 'app: styled', 4)}`);
    if (hasAnnotations) lines.push(`  annotations:\n${indent(annotations || 'note: x', 4)}`);
    lines.push(`data:\n${indent(data || 'k: v', 2)}`);
    return lines.join('\n');
  });

/** Where a ResourceList puts comments and which line ending it uses. */
export const listLayout = fc.record({
  crlf: fc.boolean(),
  commentBeforeFirstItem: fc.boolean(),
  columnZeroCommentBetweenItems: fc.boolean(),
});
