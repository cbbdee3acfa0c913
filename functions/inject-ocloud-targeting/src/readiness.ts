import { CONDITION_PREFIX, SLO_CONDITION_PREFIX } from '@focom/domain';
import { type KrmItem, isPlainObject } from '@focom/krm-runtime';
import { GATE_RECORD_PREFIX, type GateRecord, formatGateRecord, gateRecordKey } from '@focom/observability';

export interface RequestCondition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
}

/** Our conditions already on the Kptfile (from the last render), by type. */
export function previousConditions(kptfile: KrmItem | undefined): Map<string, RequestCondition> {
  const found = new Map<string, RequestCondition>();
  const status = kptfile?.getIn(['status', 'conditions']);
  for (const c of listOf(status))
    if (
      typeof c.type === 'string' &&
      ours(c.type) &&
      (c.status === 'True' || c.status === 'False') &&
      typeof c.reason === 'string' &&
      typeof c.message === 'string'
    )
      found.set(c.type, { type: c.type, status: c.status, reason: c.reason, message: c.message });
  return found;
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

/**
 * Writes the SLO gate's records (one annotation per request that declares SLOs) and removes the
 * records of requests that no longer have one. Other annotations are kept as they are.
 */
export function applyGateRecords(kptfile: KrmItem, records: ReadonlyMap<string, GateRecord>): void {
  const annotations = kptfile.getIn(['metadata', 'annotations']);
  const current = isPlainObject(annotations) ? annotations : {};
  const keys = new Set([...records.keys()].map(gateRecordKey));
  const stale = Object.keys(current).some((key) => key.startsWith(GATE_RECORD_PREFIX) && !keys.has(key));
  if (stale) {
    const kept = Object.fromEntries(Object.entries(current).filter(([key]) => !key.startsWith(GATE_RECORD_PREFIX)));
    for (const [request, record] of records) kept[gateRecordKey(request)] = formatGateRecord(record, request);
    kptfile.setIn(['metadata', 'annotations'], kept);
    return;
  }
  for (const [request, record] of records)
    kptfile.setIn(['metadata', 'annotations', gateRecordKey(request)], formatGateRecord(record, request));
}

function ours(type: unknown): boolean {
  return typeof type === 'string' && (type.startsWith(CONDITION_PREFIX) || type.startsWith(SLO_CONDITION_PREFIX));
}

function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isPlainObject) : [];
}
