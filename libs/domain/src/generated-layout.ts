import type { KrmItem } from '@focom/krm-runtime';
import { shortenedName } from '@focom/krm-runtime';
import type { ProvisioningRequest } from './model';
import { compareCodePoints } from './order';
import { GENERATED_DIR, REQUEST_LABEL } from './vocabulary';

/**
 * Where a request's resources live: `generated/<request namespace>/<request name>/`, one file
 * per resource named `<kind>_<name>.yaml` (kind lower-cased, as kpt names files). Requests
 * without a namespace use `_` for it.
 */
export function requestDir(request: Pick<ProvisioningRequest, 'name' | 'namespace'>): string {
  return `${GENERATED_DIR}/${request.namespace || '_'}/${request.name}`;
}

/** The request folder (`generated/<ns>/<name>`) of a generated file's path. */
export function requestDirOf(path: string): string {
  return path.split('/').slice(0, 3).join('/');
}

/** A scalar as text for a file name; anything else (absent, a mapping) is `fallback`. */
function scalarText(value: unknown, fallback: string): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : fallback;
}

/** The longest file name most file systems hold (Linux's NAME_MAX, in bytes). */
export const FILE_NAME_MAX = 255;

/**
 * `<dir>/<kind>_<name>.yaml`; a name that would make the file name longer than 255 characters
 * (a 253-character object name) is shortened with a hash (shortenedName), so kpt can write it.
 */
export function resourceFile(dir: string, object: { kind?: unknown; metadata?: { name?: unknown } }): string {
  const kind = scalarText(object.kind, 'resource').toLowerCase();
  const name = scalarText(object.metadata?.name, 'unnamed').replace(/[^A-Za-z0-9._-]/g, '-');
  return `${dir}/${kind}_${shortenedName(name, FILE_NAME_MAX - kind.length - '_.yaml'.length)}.yaml`;
}

export function isGeneratedPath(path: string | undefined): boolean {
  return path !== undefined && path.startsWith(`${GENERATED_DIR}/`);
}

/** Generated for a request: carries the request label and lives under `generated/`. */
export function isGeneratedItem(item: KrmItem): boolean {
  return item.labels[REQUEST_LABEL] !== undefined && isGeneratedPath(item.fileRef?.path);
}

/** The order requests are expanded and reported in: namespace, then name, by code point. */
export function compareRequests(
  a: Pick<ProvisioningRequest, 'name' | 'namespace'>,
  b: Pick<ProvisioningRequest, 'name' | 'namespace'>,
): number {
  return compareCodePoints(a.namespace, b.namespace) || compareCodePoints(a.name, b.name);
}
