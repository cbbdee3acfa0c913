import { isPlainObject, setOwn } from '@focom/krm-runtime';

/**
 * Deep merge, later layers win: mappings merge key by key, lists and scalars replace.
 * Keys are defined, never assigned, so `__proto__` in user data stays a plain key.
 */
export function mergeParameters(...layers: ReadonlyArray<Record<string, unknown> | undefined>): Record<string, unknown> {
  let merged: Record<string, unknown> = {};
  for (const layer of layers) if (layer) merged = mergeTwo(merged, layer);
  return merged;
}

function mergeTwo(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(base)) setOwn(out, key, base[key]);
  for (const key of Object.keys(over)) {
    const left = out[key];
    const right = over[key];
    setOwn(
      out,
      key,
      Object.prototype.hasOwnProperty.call(out, key) && isPlainObject(left) && isPlainObject(right) ? mergeTwo(left, right) : clone(right),
    );
  }
  return out;
}

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (isPlainObject(value)) return mergeTwo({}, value);
  return value;
}

/** The defaults a schema declares for its properties, nested objects included. */
export function schemaDefaults(schema: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isPlainObject(schema) || !isPlainObject(schema.properties)) return out;
  for (const [key, property] of Object.entries(schema.properties)) {
    if (!isPlainObject(property)) continue;
    if (property.default !== undefined) setOwn(out, key, clone(property.default));
    else if (isPlainObject(property.properties)) {
      const nested = schemaDefaults(property);
      if (Object.keys(nested).length > 0) setOwn(out, key, nested);
    }
  }
  return out;
}

/** Whether `path` (mapping keys and list indexes) is set in `value`. */
export function hasPath(value: unknown, path: readonly string[]): boolean {
  let current: unknown = value;
  for (const segment of path) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (isPlainObject(current) && Object.prototype.hasOwnProperty.call(current, segment)) current = current[segment];
    else return false;
  }
  return true;
}
