/**
 * PromQL as Prometheus reads it, with Prometheus's own grammar (@prometheus-io/lezer-promql): a
 * query is parsed, never trusted to be what its text looks like. Values go into a query only as
 * string literals quoted by PromQL's rules (Go escapes), so a quote, a brace or a newline in a
 * request's name stays inside its label matcher.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';

/** A label matcher of a vector selector, its value unquoted: `sloth_id="a-b"` is {name: 'sloth_id', op: '=', value: 'a-b'}. */
export interface LabelMatcher {
  name: string;
  op: string;
  value: string;
}

/** One vector selector: its metric name (if written before the braces) and its label matchers. */
export interface VectorSelector {
  metric?: string;
  matchers: LabelMatcher[];
}

/** Prometheus takes label values as UTF-8; a lone surrogate has no UTF-8 form. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Why `value` cannot be a PromQL label value, or undefined. */
export function labelValueProblem(value: string): string | undefined {
  return LONE_SURROGATE.test(value) ? `holds a lone UTF-16 surrogate, which has no UTF-8 form` : undefined;
}

/** `value` as a double-quoted PromQL string literal: backslash, double quote and control characters escaped as Go does. */
export function promqlString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '\\' || char === '"') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/**
 * The value of a PromQL string literal as Prometheus's lexer reads it ("..." and '...' with Go
 * escapes, `...` raw), or undefined when Prometheus would refuse it (unterminated, an unknown
 * escape, a raw newline). Byte escapes above 0x7f are refused too: they need not form UTF-8.
 */
export function unquotePromqlString(literal: string): string | undefined {
  const quote = literal[0];
  if (literal.length < 2 || literal[literal.length - 1] !== quote) return undefined;
  const body = literal.slice(1, -1);
  if (quote === '`') return body.includes('`') ? undefined : body;
  if (quote !== '"' && quote !== "'") return undefined;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === quote || c === '\n') return undefined;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) return undefined;
    if (e === quote) out += e;
    else if (SIMPLE_ESCAPES[e] !== undefined) out += SIMPLE_ESCAPES[e];
    else {
      const form = { x: [2, 16, 0x7f], u: [4, 16, 0x10ffff], U: [8, 16, 0x10ffff] }[e] ?? (/[0-7]/.test(e) ? [3, 8, 0x7f] : undefined);
      if (form === undefined) return undefined;
      const [digits, base, max] = form;
      const start = e === 'x' || e === 'u' || e === 'U' ? i + 1 : i;
      const text = body.slice(start, start + digits);
      const valid = base === 8 ? /^[0-7]+$/ : /^[0-9a-fA-F]+$/;
      if (text.length !== digits || !valid.test(text)) return undefined;
      const code = parseInt(text, base);
      if (code > max || (code >= 0xd800 && code < 0xe000)) return undefined;
      out += String.fromCodePoint(code);
      i = start + digits - 1;
    }
  }
  return out;
}

/** 1-based line and column of `offset` in `text`. */
function position(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return before.length === 1 ? `character ${offset + 1}` : `line ${before.length}, character ${before[before.length - 1].length + 1}`;
}

/** `: the "(" at character 4 is never closed` for the innermost bracket around `node` left open, or nothing. */
function unclosed(node: SyntaxNode, text: string): string {
  for (let at: SyntaxNode | null = node.parent; at; at = at.parent) {
    const open = text[at.from];
    if ((open === '(' || open === '{' || open === '[') && at.to >= text.length)
      return `: the "${open}" at ${position(text, at.from)} is never closed`;
  }
  return '';
}

/**
 * Why Prometheus would not take `text` as a PromQL expression (the words after "is not valid
 * PromQL: "), or undefined. `shown` is the text as its author wrote it, placeholders unfilled
 * (the same length), which the words quote.
 */
export function promqlSyntaxProblem(text: string, shown = text): string | undefined {
  let problem: string | undefined;
  parser.parse(text).iterate({
    enter: (node) => {
      if (problem !== undefined) return false;
      if (node.type.isError) {
        const near = shown.slice(node.from, node.from + 10);
        problem =
          node.from >= text.length
            ? `it ends before the expression is complete${unclosed(node.node, text)}`
            : `it cannot be read at ${position(text, node.from)} (at ${JSON.stringify(near)})`;
      } else if (node.name === 'StringLiteral' && unquotePromqlString(text.slice(node.from, node.to)) === undefined)
        problem = `the string ${shown.slice(node.from, node.to)} at ${position(text, node.from)} is not a PromQL string (unterminated, a raw newline, or an unknown escape)`;
      return undefined;
    },
  });
  return problem;
}

/** Where `text` holds a # comment, or undefined. */
export function commentOffset(text: string): number | undefined {
  let at: number | undefined;
  parser.parse(text).iterate({
    enter: (node) => {
      if (node.name === 'LineComment' && at === undefined) at = node.from;
    },
  });
  return at;
}

/** The vector selectors of a parsed expression, in the order written, string values unquoted. */
export function vectorSelectors(text: string): VectorSelector[] {
  const found: VectorSelector[] = [];
  const read = (node: SyntaxNode): string => text.slice(node.from, node.to);
  parser.parse(text).iterate({
    enter: (ref) => {
      if (ref.name !== 'VectorSelector') return undefined;
      const node = ref.node;
      const selector: VectorSelector = { matchers: [] };
      const metric = node.getChild('Identifier');
      if (metric) selector.metric = read(metric);
      for (let matcher = node.getChild('LabelMatchers')?.firstChild ?? null; matcher; matcher = matcher.nextSibling) {
        const quoted = matcher.name === 'QuotedLabelMatcher';
        if (!quoted && matcher.name !== 'UnquotedLabelMatcher') continue;
        const name = quoted ? matcher.getChild('QuotedLabelName')?.getChild('StringLiteral') : matcher.getChild('LabelName');
        const op = matcher.getChild('MatchOp');
        const value = matcher.getChild('StringLiteral');
        if (!name || !op || !value) continue;
        selector.matchers.push({
          name: quoted ? (unquotePromqlString(read(name)) ?? '') : read(name),
          op: read(op),
          value: unquotePromqlString(read(value)) ?? '',
        });
      }
      found.push(selector);
      return false;
    },
  });
  return found;
}
