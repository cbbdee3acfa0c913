/**
 * A parameter spliced into an SLI query is text inside PromQL: a quote, a brace or a newline in
 * its value would change what the query selects (`x",cell!="` widens a label matcher) or break
 * the rules. Values that go into queries are held to the characters of names, label values and
 * numbers; anything else is refused before the rules are written.
 */
import { MissingParameterError, placeholders, substitute } from '@focom/domain';
import { OBSERVABILITY_PATH, type ObservabilityDeclaration } from '@focom/domain';

const SAFE_IN_QUERY = /^[A-Za-z0-9_.:/@+-]*$/;

/** Why a parameter's value cannot go into the query that uses it, or undefined when all can. */
export function unsafeQueryParameter(declaration: ObservabilityDeclaration, parameters: Record<string, unknown>): string | undefined {
  for (const [index, slo] of declaration.slos.entries()) {
    for (const key of ['errorQuery', 'totalQuery'] as const) {
      for (const { parameter } of placeholders(slo.sli[key])) {
        let value: unknown;
        try {
          value = substitute(`\${${parameter}}`, parameters);
        } catch (error) {
          if (error instanceof MissingParameterError) continue; // reported where the query is filled in
          throw error;
        }
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        if (typeof value === 'object' || !SAFE_IN_QUERY.test(text))
          return `parameter "${parameter}" goes into the PromQL query ${OBSERVABILITY_PATH}.slos[${index}].sli.${key}, so its value must be letters, digits and _ . : / @ + -, got ${JSON.stringify(value)}`;
      }
    }
  }
  return undefined;
}
