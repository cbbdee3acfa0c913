import type { KrmObject } from '@focom/krm-runtime';

/** One thing a generated object may not do: the object, the field inside it, and why. */
export interface PolicyViolation {
  object: KrmObject;
  /** kpt's dotted field path inside the generated object: `spec.template.spec.hostNetwork`. */
  path: string;
  /** The words after the field path, e.g. `is true: the pod shares the node's network`. */
  message: string;
}

/** A field path: `base` followed by keys (`.key`, or `["a.b/c"]` for keys with dots or slashes) and list indexes (`[0]`). */
export function pathOf(base: string, ...segments: ReadonlyArray<string | number>): string {
  let path = base;
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) path += path === '' ? segment : `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}
