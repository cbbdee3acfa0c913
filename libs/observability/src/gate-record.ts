/**
 * What a verdict was decided from, kept in the root Kptfile beside the condition, so that
 * rendering the same draft again keeps the verdict even after its observation has aged: the gate
 * decides afresh only when one of its inputs changed (another observation, another target or
 * another set of generated resources, other settings). One annotation per request:
 *
 * ```yaml
 * metadata:
 *   annotations:
 *     slo.focom.nephio.org/gate.edge-5g-deployment: >-
 *       observedAt=2026-05-04T10:15:00.000Z; target=5g-ran-du@v1.1.0; digest=sha256:...;
 *       settings=age=900s,budget=0.25,rollback=false
 * ```
 *
 * With rollback on, the record also says which version the request rolls back to and from which
 * (`rollbackTo=...; rollbackFrom=...`): expand-provisioning-request renders it (see
 * `recordedRollback`).
 */
import { createHash } from 'node:crypto';
import { isPlainObject } from '@focom/krm-runtime';

export const GATE_RECORD_PREFIX = 'slo.focom.nephio.org/gate.';
/** The longest name part of an annotation key Kubernetes accepts (after the `/`). */
const KEY_NAME_LIMIT = 63;

export interface GateRecord {
  /** `observedAt` of the SloObservation the verdict read, or `none`. */
  observedAt: string;
  /** `<template>@<version>` the render produced. */
  target: string;
  /** `generatedDigest` of the request's generated resources as rendered. */
  digest: string;
  /** `settingsFingerprint` of the gate settings. */
  settings: string;
  /** The last good version the request is rolled back to (rollback on). */
  rollbackTo?: string;
  /** The version it rolls back from: the one that burned. */
  rollbackFrom?: string;
}

const FIELDS = ['observedAt', 'target', 'digest', 'settings', 'rollbackTo', 'rollbackFrom'] as const;

/**
 * `slo.focom.nephio.org/gate.<request>`; for a request name too long for an annotation key's
 * 63-character name part, its first 40 characters and a hash of the whole name (the record then
 * names its request: see formatGateRecord).
 */
export function gateRecordKey(request: string): string {
  const name = `gate.${request}`;
  if (name.length <= KEY_NAME_LIMIT) return `${GATE_RECORD_PREFIX}${request}`;
  const hash = createHash('sha256').update(request).digest('hex').slice(0, 12);
  return `${GATE_RECORD_PREFIX}${request.slice(0, 40).replace(/[^A-Za-z0-9]+$/, '')}-${hash}`;
}

/** Whether the key of `request` cannot name it, so the record must (`request=<name>`). */
function keyIsShortened(request: string): boolean {
  return gateRecordKey(request) !== `${GATE_RECORD_PREFIX}${request}`;
}

export function formatGateRecord(record: GateRecord, request?: string): string {
  const fields = FIELDS.filter((f) => record[f] !== undefined).map((f) => `${f}=${record[f]}`);
  if (request !== undefined && keyIsShortened(request)) fields.unshift(`request=${request}`);
  return fields.join('; ');
}

/** The record, or undefined when the text is not one (a record a person edited is simply decided afresh). */
export function parseGateRecord(text: unknown): GateRecord | undefined {
  if (typeof text !== 'string') return undefined;
  const fields: Record<string, string> = {};
  for (const part of text.split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) return undefined;
    fields[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  const { observedAt, target, digest, settings, rollbackTo, rollbackFrom } = fields;
  if (!observedAt || !target || !digest || !settings) return undefined;
  const record: GateRecord = { observedAt, target, digest, settings };
  if (rollbackTo) record.rollbackTo = rollbackTo;
  if (rollbackFrom) record.rollbackFrom = rollbackFrom;
  return record;
}

/** The records in a Kptfile's annotations, by request name. */
export function readGateRecords(kptfile: Record<string, unknown> | undefined): Map<string, GateRecord> {
  const records = new Map<string, GateRecord>();
  const metadata = kptfile && isPlainObject(kptfile.metadata) ? kptfile.metadata : undefined;
  const annotations = metadata && isPlainObject(metadata.annotations) ? metadata.annotations : {};
  for (const [key, value] of Object.entries(annotations)) {
    if (!key.startsWith(GATE_RECORD_PREFIX)) continue;
    const record = parseGateRecord(value);
    if (!record) continue;
    const named = typeof value === 'string' ? /(?:^|;)\s*request=([^;]+)/.exec(value)?.[1]?.trim() : undefined;
    const request = named ?? key.slice(GATE_RECORD_PREFIX.length);
    if (gateRecordKey(request) === key) records.set(request, record);
  }
  return records;
}

/** Whether a verdict decided from `before` still stands for `now`'s inputs. */
export function sameInputs(before: GateRecord, now: GateRecord): boolean {
  return (
    before.observedAt === now.observedAt && before.target === now.target && before.digest === now.digest && before.settings === now.settings
  );
}

/**
 * The version the request must be rendered with instead of `resolved`, from the record of an
 * earlier render: the rollback stands while the request still names the version that burned.
 * expand-provisioning-request calls this (and the package check, so inject agrees) before it
 * renders a request.
 */
export function recordedRollback(kptfile: Record<string, unknown> | undefined, request: string, resolved: string): string | undefined {
  const record = readGateRecords(kptfile).get(request);
  return record?.rollbackTo !== undefined && record.rollbackFrom === resolved ? record.rollbackTo : undefined;
}
