/**
 * The result of a step that can fail in a way a user can fix: the value, or a sentence saying
 * why not. Callers branch on `ok`; the reason becomes a result message, never an exception.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

export function succeed<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function fail<T = never>(reason: string): Outcome<T> {
  return { ok: false, reason };
}
