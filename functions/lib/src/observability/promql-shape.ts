/**
 * What the render can check of a PromQL query without a PromQL parser: brackets balance outside
 * string literals, and the query has the `{{.window}}` placeholder Sloth fills with each window.
 * promtool checks the full syntax of the generated rules in the tests.
 */

export const WINDOW_PLACEHOLDER = '{{.window}}';

const CLOSING: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/** Why `query` cannot be an SLI query (the words after the field), or undefined. */
export function queryShapeProblem(query: string): string | undefined {
  if (query.trim() === '') return 'must be a PromQL query';
  if (!query.includes(WINDOW_PLACEHOLDER))
    return `must use ${WINDOW_PLACEHOLDER} as the range of its rates, e.g. rate(x_total[${WINDOW_PLACEHOLDER}])`;
  // Placeholders hold brackets of their own; blanked to the same length, positions stay the query's.
  const bare = query
    .split(WINDOW_PLACEHOLDER)
    .join('w'.repeat(WINDOW_PLACEHOLDER.length))
    .replace(/\$\{[^}]*\}/g, (p) => 'p'.repeat(p.length));
  return bracketProblem(bare);
}

function bracketProblem(text: string): string | undefined {
  const open: Array<{ bracket: string; at: number }> = [];
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '#')
      // Sloth's rules wrap each query in parentheses: a comment would swallow the closing one.
      return `has a # comment at character ${i + 1}; the generated rules wrap the query in parentheses, which a comment would break`;
    else if (CLOSING[c] !== undefined) open.push({ bracket: c, at: i });
    else if (c === ')' || c === ']' || c === '}') {
      const last = open.pop();
      if (last === undefined) return `has a "${c}" at character ${i + 1} that closes nothing`;
      if (CLOSING[last.bracket] !== c)
        return `has a "${c}" at character ${i + 1} where the "${last.bracket}" at character ${last.at + 1} needs a "${CLOSING[last.bracket]}"`;
    }
  }
  if (quote !== undefined) return `has a string opened with ${quote} that is never closed`;
  const last = open.pop();
  return last === undefined ? undefined : `has a "${last.bracket}" at character ${last.at + 1} that is never closed`;
}
