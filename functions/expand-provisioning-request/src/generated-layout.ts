import { GENERATED_DIR, type ProvisioningRequest } from '../../lib/src/focom';

/**
 * Where a request's resources live: `generated/<request namespace>/<request name>/`, one file
 * per resource named `<kind>_<name>.yaml` (kind lower-cased, as kpt names files). Requests
 * without a namespace use `_` for it.
 */
export function requestDir(request: Pick<ProvisioningRequest, 'name' | 'namespace'>): string {
  return `${GENERATED_DIR}/${request.namespace || '_'}/${request.name}`;
}

export function resourceFile(dir: string, object: { kind?: unknown; metadata?: { name?: unknown } }): string {
  const kind = String(object.kind ?? 'resource').toLowerCase();
  const name = String(object.metadata?.name ?? 'unnamed').replace(/[^A-Za-z0-9._-]/g, '-');
  return `${dir}/${kind}_${name}.yaml`;
}

export function isGeneratedPath(path: string | undefined): boolean {
  return path !== undefined && path.startsWith(`${GENERATED_DIR}/`);
}
