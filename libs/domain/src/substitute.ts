import { isPlainObject, setOwn } from '@focom/krm-runtime';

const WHOLE = /^\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}$/;
const EMBEDDED = /\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g;

/** A placeholder names a parameter that has no value. */
export class MissingParameterError extends Error {
  constructor(readonly parameter: string) {
    super(`parameter "${parameter}" has no value`);
  }
}

/**
 * Fills `${name}` placeholders. A placeholder that is the whole value takes the parameter's
 * own type (replicas stays an integer); one inside a longer string is spliced in as text.
 */
export function substitute(value: unknown, parameters: Record<string, unknown>): unknown {
  if (typeof value === 'string') return substituteString(value, parameters);
  if (Array.isArray(value)) return value.map((v) => substitute(v, parameters));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      setOwn(out, key, substitute(v, parameters));
    }
    return out;
  }
  return value;
}

function substituteString(text: string, parameters: Record<string, unknown>): unknown {
  const whole = WHOLE.exec(text);
  if (whole) return lookup(parameters, whole[1]);
  return text.replace(EMBEDDED, (_match, name: string) => {
    const found = lookup(parameters, name);
    return typeof found === 'string' ? found : JSON.stringify(found);
  });
}

function lookup(parameters: Record<string, unknown>, name: string): unknown {
  let current: unknown = parameters;
  for (const part of name.split('.')) {
    if (!isPlainObject(current) || !Object.prototype.hasOwnProperty.call(current, part)) throw new MissingParameterError(name);
    current = current[part];
  }
  if (current === undefined || current === null) throw new MissingParameterError(name);
  return current;
}

/** A `${parameter}` a manifest uses, and the field that holds it. */
export interface Placeholder {
  parameter: string;
  /** Mapping keys and list indexes from the manifest's root to the value. */
  segments: Array<string | number>;
}

/** Every placeholder in a manifest, in document order. */
export function placeholders(value: unknown, segments: Array<string | number> = []): Placeholder[] {
  if (typeof value === 'string') {
    return [...value.matchAll(EMBEDDED)].map((match) => ({ parameter: match[1], segments }));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => placeholders(v, [...segments, i]));
  if (isPlainObject(value)) return Object.entries(value).flatMap(([k, v]) => placeholders(v, [...segments, k]));
  return [];
}
