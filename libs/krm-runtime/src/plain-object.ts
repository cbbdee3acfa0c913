/** Helpers for plain objects read from YAML, where keys such as `__proto__` are data. */

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets an own key: defined, never assigned, so `__proto__` stays a plain key. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The value at a path of mapping keys, or undefined where a step is not a mapping. */
export function getPath(object: unknown, ...path: string[]): unknown {
  let current = object;
  for (const key of path) current = isPlainObject(current) ? current[key] : undefined;
  return current;
}
