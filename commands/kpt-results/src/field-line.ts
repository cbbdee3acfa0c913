/**
 * The line of a field in a YAML file, from what a kpt result says: the document's index in the
 * file and a field path (`spec.parameters.replicas`, `spec.containers[0].args[1]`,
 * `spec.items[name=a].value`). kpt results carry no line; the annotations need one. Pure.
 */
import { LineCounter, isMap, isNode, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

type Step = { key: string } | { index: number } | { match: [string, string] };

/** `a.b[0][k=v].c` as steps; dots inside brackets belong to the bracket. */
export function fieldSteps(path: string): Step[] {
  const steps: Step[] = [];
  let word = '';
  const endWord = () => {
    if (word !== '') steps.push({ key: word });
    word = '';
  };
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '.') endWord();
    else if (c === '[') {
      endWord();
      const close = path.indexOf(']', i);
      const inner = close < 0 ? path.slice(i + 1) : path.slice(i + 1, close);
      const equals = inner.indexOf('=');
      if (/^[0-9]+$/.test(inner)) steps.push({ index: Number(inner) });
      else if (equals > 0) steps.push({ match: [inner.slice(0, equals), inner.slice(equals + 1)] });
      else steps.push({ key: inner });
      i = close < 0 ? path.length : close;
    } else word += c;
  }
  endWord();
  return steps;
}

interface Found {
  node: Node;
  /** Where the field's name is written: the key of a mapping entry, or the item of a list. */
  at: number;
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) ? String(node.value) : undefined;
}

function child(node: Node, step: Step): Found | undefined {
  if ('index' in step) {
    if (!isSeq(node)) return undefined;
    const item: unknown = node.items[step.index];
    return isNode(item) && item.range ? { node: item, at: item.range[0] } : undefined;
  }
  if ('match' in step) {
    if (!isSeq(node)) return undefined;
    const [k, v] = step.match;
    for (const item of node.items)
      if (isMap(item) && item.range && scalarText(item.get(k, true)) === v) return { node: item, at: item.range[0] };
    return undefined;
  }
  if (!isMap(node)) return undefined;
  for (const pair of node.items)
    if (scalarText(pair.key) === step.key && isScalar(pair.key) && pair.key.range)
      return { node: (pair.value as Node | null) ?? pair.key, at: pair.key.range[0] };
  return undefined;
}

/**
 * Where the field is in document `index` of the file's text: the line of its key (of its item, in
 * a list), 1-based. A field that is not there (a required one missing) gives its nearest ancestor
 * that is, the document's first line when none is; a document that is not there gives undefined.
 * A key with dots in its name (`a.b`) is found when `a` is not a key.
 */
export function fieldPosition(text: string, index: number, fieldPath: string | undefined): Position | undefined {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: false });
  if (!Array.isArray(documents)) return undefined;
  const document = documents[index];
  const root = document?.contents;
  if (!document || !root || !root.range) return undefined;
  let found: Found = { node: root, at: root.range[0] };
  const steps = fieldSteps(fieldPath ?? '');
  for (let i = 0; i < steps.length; i++) {
    let next = child(found.node, steps[i]);
    // A key written with dots: try `a.b`, then `a.b.c`, as one key.
    let joined = steps[i];
    for (let j = i + 1; !next && 'key' in joined && j < steps.length && 'key' in steps[j]; j++) {
      joined = { key: `${joined.key}.${(steps[j] as { key: string }).key}` };
      next = child(found.node, joined);
      if (next) i = j;
    }
    if (!next) break;
    found = next;
  }
  const { line, col } = lineCounter.linePos(found.at);
  return { line, column: col };
}
