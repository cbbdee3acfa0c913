/**
 * A digest of what a site receives: the request's generated resources as objects (not text, so
 * comments and layout do not count), each with its path in the package, without the annotations
 * kpt adds while a function runs. observe-slos records it for the delivered package; the render
 * computes it for what it produces; equal digests mean the change alters nothing the site runs.
 */
import { createHash } from 'node:crypto';
import { compareCodePoints } from '@focom/domain';
import { isPlainObject } from '@focom/krm-runtime';

/** Annotations kpt (or a reader standing in for it) puts on items in flight, never part of what is delivered. */
const IN_FLIGHT = new Set(['config.kubernetes.io/path', 'config.kubernetes.io/index', 'config.k8s.io/id', 'kpt.dev/kpt-internal']);

function delivered(object: Record<string, unknown>): Record<string, unknown> {
  const metadata = isPlainObject(object.metadata) ? { ...object.metadata } : undefined;
  if (!metadata) return object;
  if (isPlainObject(metadata.annotations)) {
    const annotations = Object.fromEntries(
      Object.entries(metadata.annotations).filter(([key]) => !IN_FLIGHT.has(key) && !key.startsWith('internal.config.kubernetes.io/')),
    );
    if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
    else delete metadata.annotations;
  }
  return { ...object, metadata };
}

/** JSON with keys sorted at every level. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (isPlainObject(value))
    return `{${Object.keys(value)
      .sort(compareCodePoints)
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** `sha256:<hex>` of the resources, each with its path, in path order. */
export function generatedDigest(resources: ReadonlyArray<{ path: string; object: Record<string, unknown> }>): string {
  const hash = createHash('sha256');
  for (const { path, object } of [...resources].sort(
    (a, b) => compareCodePoints(a.path, b.path) || compareCodePoints(canonical(a.object), canonical(b.object)),
  ))
    hash.update(`${path}\n${canonical(delivered(object))}\n`);
  return `sha256:${hash.digest('hex')}`;
}
