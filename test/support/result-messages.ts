import { parse } from 'yaml';

interface ResultLike {
  message?: unknown;
  field?: { path?: unknown };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Results whose message repeats their own field path (kpt prints the field beside the message,
 * and our stderr line puts it in front): `spec.parameters.replicas must be ...` with
 * `field.path: spec.parameters.replicas`. A longer path that starts with it (`spec.templateRef.name`
 * for `spec`) is another field and does not count.
 */
export function messagesRepeatingTheirPath(results: readonly ResultLike[]): string[] {
  return results
    .filter((r) => typeof r.message === 'string' && typeof r.field?.path === 'string' && r.field.path !== '')
    .filter((r) => new RegExp(`(^|[^\\w.])${escape(r.field!.path as string)}($|[^\\w.[-])`).test(r.message as string))
    .map((r) => `${String(r.field!.path)}: ${String(r.message)}`);
}

/** The results of a ResourceList (a function's output) as plain objects. */
export function resultsOfResourceList(text: string): ResultLike[] {
  const list = parse(text, { maxAliasCount: -1 }) as { results?: ResultLike[] } | null;
  return list?.results ?? [];
}

/** The results of every function of kpt's results.yaml (a FunctionResultList). */
export function resultsOfKptResults(text: string): ResultLike[] {
  if (text.trim() === '') return [];
  const list = parse(text) as { items?: Array<{ results?: ResultLike[] }> } | null;
  return (list?.items ?? []).flatMap((i) => i.results ?? []);
}
