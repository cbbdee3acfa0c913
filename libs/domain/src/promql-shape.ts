/**
 * Whether a template's SLI query is PromQL Prometheus takes, checked with Prometheus's own
 * grammar: the query must use Sloth's window placeholder (`{{.window}}`, spaces allowed inside the
 * braces as Sloth's Go template allows), which is filled with a duration before parsing, and
 * `${parameter}` placeholders not yet filled are read as a name or a number.
 */
import { commentOffset, promqlSyntaxProblem } from './promql-syntax';

export const WINDOW_PLACEHOLDER = '{{.window}}';

/** Sloth's window placeholder as its Go template reads it: `{{.window}}`, `{{ .window }}`. */
const WINDOW_PLACEHOLDERS = /\{\{\s*\.window\s*\}\}/g;
const PARAMETER_PLACEHOLDERS = /\$\{[^}]*\}/g;

/** `query` with every window placeholder filled with `window` (a PromQL duration such as 5m). */
export function fillWindow(query: string, window: string): string {
  return query.replace(WINDOW_PLACEHOLDERS, () => window);
}

/** A duration as long as `placeholder`, so positions in the query stay the author's. */
function sameLength(placeholder: string, last: string, fill: string): string {
  return `${fill.repeat(Math.max(0, placeholder.length - 1))}${last}`;
}

/** Why `query` cannot be an SLI query (the words after the field), or undefined. */
export function queryShapeProblem(query: string): string | undefined {
  if (query.trim() === '') return 'must be a PromQL query';
  if (!fillWindow(query, '\0').includes('\0'))
    return `must use ${WINDOW_PLACEHOLDER} as the range of its rates, e.g. rate(x_total[${WINDOW_PLACEHOLDER}])`;
  const windowed = query.replace(WINDOW_PLACEHOLDERS, (p) => sameLength(p, 'm', '1'));
  // Sloth's rules wrap each query in parentheses on one line: a comment would swallow the closing one.
  const comment = commentOffset(windowed.replace(PARAMETER_PLACEHOLDERS, (p) => 'p'.repeat(p.length)));
  if (comment !== undefined)
    return `has a # comment at character ${comment + 1}; the generated rules wrap the query in parentheses, which a comment would break`;
  // A parameter not yet filled stands for a name, a label value or a number: one of them must parse.
  const asName = promqlSyntaxProblem(
    windowed.replace(PARAMETER_PLACEHOLDERS, (p) => 'p'.repeat(p.length)),
    query,
  );
  if (asName === undefined) return undefined;
  if (!windowed.includes('${')) return `is not valid PromQL: ${asName}`;
  const asNumber = promqlSyntaxProblem(
    windowed.replace(PARAMETER_PLACEHOLDERS, (p) => sameLength(p, '1', '1')),
    query,
  );
  return asNumber === undefined ? undefined : `is not valid PromQL: ${asName}`;
}
