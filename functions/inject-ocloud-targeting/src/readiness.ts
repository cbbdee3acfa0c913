import { PACKAGE_PATH_ANNOTATION, type KrmItem, isPlainObject } from '../../lib/src';

/** Condition types this function owns on the Kptfile: one per request, as Nephio names them. */
export const CONDITION_PREFIX = 'focom.nephio.org/v1alpha1.FocomProvisioningRequest.';

export interface RequestCondition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
}

/** The root package's Kptfile: path `Kptfile` with the shortest package path. */
export function rootKptfile(items: readonly KrmItem[]): KrmItem | undefined {
  const kptfiles = items.filter((i) => i.kind === 'Kptfile' && i.fileRef?.path === 'Kptfile');
  kptfiles.sort((a, b) => (a.annotations[PACKAGE_PATH_ANNOTATION] ?? '').length - (b.annotations[PACKAGE_PATH_ANNOTATION] ?? '').length);
  return kptfiles[0];
}

/**
 * Sets one condition per request in `status.conditions` and lists them in `info.readinessGates`,
 * so Porch holds approval until every request is ready. Conditions and gates of others are kept.
 */
export function applyReadiness(kptfile: KrmItem, conditions: readonly RequestCondition[]): void {
  const object = kptfile.object as { info?: unknown; status?: unknown };
  const info = isPlainObject(object.info) ? object.info : {};
  const status = isPlainObject(object.status) ? object.status : {};
  const theirGates = listOf(info.readinessGates).filter((g) => !ours(g.conditionType));
  const theirConditions = listOf(status.conditions).filter((c) => !ours(c.type));
  const gates = [...theirGates, ...conditions.map((c) => ({ conditionType: c.type }))];
  const allConditions = [...theirConditions, ...conditions.map((c) => ({ ...c }))];

  if (gates.length > 0 || info.readinessGates !== undefined) kptfile.setIn(['info', 'readinessGates'], gates);
  if (allConditions.length > 0 || status.conditions !== undefined) kptfile.setIn(['status', 'conditions'], allConditions);
}

function ours(type: unknown): boolean {
  return typeof type === 'string' && type.startsWith(CONDITION_PREFIX);
}

function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isPlainObject) : [];
}
