/**
 * The SloObservation resource: what Prometheus said about each request's SLOs, written into the
 * package by the `observe-slos` command so the render decides from data that is in git. It is
 * local-config (never applied to a cluster). The command owns the file: it rewrites `spec` on
 * every run and keeps what lies outside it (comments above `apiVersion`, metadata).
 */
import { LOCAL_CONFIG_ANNOTATION } from '@focom/krm-runtime';
import type { KrmItem } from '@focom/krm-runtime';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { isPlainObject } from '@focom/krm-runtime';
import { FOCOM_GROUP } from '@focom/domain';

export const OBSERVATION_API_VERSION = `${FOCOM_GROUP}/v1alpha1`;
export const OBSERVATION_KIND = 'SloObservation';
export const OBSERVATION_NAME = 'slo-observations';
/** Where the command writes the resource, at the package root. */
export const OBSERVATION_FILE = 'slo-observations.yaml';
/** How many earlier versions of a request the observation remembers (the newest ones). */
export const MAX_PREVIOUS_VERSIONS = 5;

export type AlertSeverity = 'page' | 'ticket';
export const ALERT_SEVERITIES: readonly AlertSeverity[] = ['page', 'ticket'];

/** One SLO as Prometheus reported it at the time of observation. */
export interface SloReading {
  /** The SLO's name (Sloth's `sloth_slo`). */
  slo: string;
  /** `no-data`: Prometheus holds no error budget for this SLO (not scraped, rules not loaded, no traffic yet). */
  state: 'observed' | 'no-data';
  /** `slo:period_error_budget_remaining:ratio`: 1 is untouched, 0 spent, below 0 overspent. */
  errorBudgetRemaining?: number;
  /** `slo:current_burn_rate:ratio`: 1 spends the budget exactly over the period. */
  currentBurnRate?: number;
  /** The severities of the SLO's burn-rate alerts firing, `page` before `ticket`. */
  firingAlerts: AlertSeverity[];
}

/** A site (one FocomProvisioningRequest) as observed. */
export interface SiteObservation {
  request: string;
  namespace: string;
  /** `<template>@<version>` of the request's generated resources: what the site was delivered. */
  template?: string;
  slos: SloReading[];
}

/** What was last observed of a version a request ran before its current one. */
export interface VersionRecord {
  template: string;
  observedAt: string;
  slos: SloReading[];
}

export interface RequestObservation extends SiteObservation {
  /** `generatedDigest` of the request's generated resources as observed: what the site was delivered. */
  digest?: string;
  /** The last observation of each earlier version, newest first: where the last good version is found. */
  previousVersions: VersionRecord[];
}

/** A site of another package whose SLOs gate this one (a canary of a wave). */
export interface CanaryObservation extends SiteObservation {
  /** The canary package's name (its Kptfile's metadata.name). */
  package: string;
  /** Since when Prometheus has held the SLO rules of `template` for this site without a gap (RFC 3339). */
  runningSince?: string;
}

export interface SloObservationSpec {
  /** When Prometheus was asked (RFC 3339, UTC); every query was evaluated at this instant. */
  observedAt: string;
  /** The Prometheus HTTP API asked, without credentials. */
  source: string;
  requests: RequestObservation[];
  canaries: CanaryObservation[];
}

/** The resource as the command writes it (without comments, which the file keeps; see the command). */
export function observationObject(spec: SloObservationSpec): Record<string, unknown> {
  return {
    apiVersion: OBSERVATION_API_VERSION,
    kind: OBSERVATION_KIND,
    metadata: { name: OBSERVATION_NAME, annotations: { [LOCAL_CONFIG_ANNOTATION]: 'true' } },
    spec: observationSpecValue(spec),
  };
}

/** The spec as plain data in a fixed key order, optional fields left out when absent. */
export function observationSpecValue(spec: SloObservationSpec): Record<string, unknown> {
  const readings = (slos: readonly SloReading[]): unknown[] =>
    slos.map((r) => ({
      slo: r.slo,
      state: r.state,
      ...(r.errorBudgetRemaining !== undefined ? { errorBudgetRemaining: r.errorBudgetRemaining } : {}),
      ...(r.currentBurnRate !== undefined ? { currentBurnRate: r.currentBurnRate } : {}),
      firingAlerts: [...r.firingAlerts],
    }));
  const site = (s: SiteObservation): Record<string, unknown> => ({
    request: s.request,
    namespace: s.namespace,
    ...(s.template !== undefined ? { template: s.template } : {}),
  });
  return {
    observedAt: spec.observedAt,
    source: spec.source,
    requests: spec.requests.map((r) => ({
      ...site(r),
      ...(r.digest !== undefined ? { digest: r.digest } : {}),
      slos: readings(r.slos),
      previousVersions: r.previousVersions.map((v) => ({ template: v.template, observedAt: v.observedAt, slos: readings(v.slos) })),
    })),
    canaries: spec.canaries.map((c) => ({
      package: c.package,
      ...site(c),
      ...(c.runningSince !== undefined ? { runningSince: c.runningSince } : {}),
      slos: readings(c.slos),
    })),
  };
}

/** Whether a resource is an SloObservation (by apiVersion group and kind). */
export function isObservationObject(object: { apiVersion?: unknown; kind?: unknown }): boolean {
  return object.kind === OBSERVATION_KIND && typeof object.apiVersion === 'string' && object.apiVersion.startsWith(`${FOCOM_GROUP}/`);
}

/**
 * Reads an SloObservation's spec, checking every field; the reason names the first field that
 * is wrong, by its dotted path (`spec.requests[0].slos[1].state`).
 */
export function readObservationSpec(object: unknown): Outcome<SloObservationSpec> {
  try {
    if (!isPlainObject(object)) throw new ShapeError('the SloObservation is not a mapping');
    const spec = mapping(object.spec, 'spec');
    return succeed({
      observedAt: timestamp(spec.observedAt, 'spec.observedAt'),
      source: str(spec.source, 'spec.source'),
      requests: list(spec.requests, 'spec.requests').map((r, i) => readRequest(r, `spec.requests[${i}]`)),
      canaries: list(spec.canaries, 'spec.canaries').map((c, i) => readCanary(c, `spec.canaries[${i}]`)),
    });
  } catch (error) {
    if (error instanceof ShapeError) return fail(error.message);
    throw error;
  }
}

class ShapeError extends Error {}

function readSite(value: unknown, path: string): SiteObservation & { raw: Record<string, unknown> } {
  const raw = mapping(value, path);
  const site: SiteObservation & { raw: Record<string, unknown> } = {
    raw,
    request: str(raw.request, `${path}.request`),
    namespace: typeof raw.namespace === 'string' ? raw.namespace : str(raw.namespace, `${path}.namespace`),
    slos: list(raw.slos, `${path}.slos`).map((s, i) => readReading(s, `${path}.slos[${i}]`)),
  };
  if (raw.template !== undefined) site.template = str(raw.template, `${path}.template`);
  return site;
}

function readRequest(value: unknown, path: string): RequestObservation {
  const { raw, ...site } = readSite(value, path);
  const previousVersions = (raw.previousVersions === undefined ? [] : list(raw.previousVersions, `${path}.previousVersions`)).map(
    (v, i) => {
      const at = `${path}.previousVersions[${i}]`;
      const entry = mapping(v, at);
      return {
        template: str(entry.template, `${at}.template`),
        observedAt: timestamp(entry.observedAt, `${at}.observedAt`),
        slos: list(entry.slos, `${at}.slos`).map((s, j) => readReading(s, `${at}.slos[${j}]`)),
      };
    },
  );
  const request: RequestObservation = { ...site, previousVersions };
  if (raw.digest !== undefined) {
    const digest = str(raw.digest, `${path}.digest`);
    if (!/^sha256:[0-9a-f]{64}$/.test(digest))
      throw new ShapeError(`${path}.digest must be sha256:<64 hex digits>, got ${JSON.stringify(digest)}`);
    request.digest = digest;
  }
  return request;
}

function readCanary(value: unknown, path: string): CanaryObservation {
  const { raw, ...site } = readSite(value, path);
  const canary: CanaryObservation = { ...site, package: str(raw.package, `${path}.package`) };
  if (raw.runningSince !== undefined) canary.runningSince = timestamp(raw.runningSince, `${path}.runningSince`);
  return canary;
}

function readReading(value: unknown, path: string): SloReading {
  const raw = mapping(value, path);
  const state = raw.state;
  if (state !== 'observed' && state !== 'no-data')
    throw new ShapeError(`${path}.state must be observed or no-data, got ${JSON.stringify(state)}`);
  const reading: SloReading = {
    slo: str(raw.slo, `${path}.slo`),
    state,
    firingAlerts: list(raw.firingAlerts ?? [], `${path}.firingAlerts`).map((a, i) => {
      if (a !== 'page' && a !== 'ticket')
        throw new ShapeError(`${path}.firingAlerts[${i}] must be page or ticket, got ${JSON.stringify(a)}`);
      return a;
    }),
  };
  if (raw.errorBudgetRemaining !== undefined) reading.errorBudgetRemaining = num(raw.errorBudgetRemaining, `${path}.errorBudgetRemaining`);
  if (raw.currentBurnRate !== undefined) reading.currentBurnRate = num(raw.currentBurnRate, `${path}.currentBurnRate`);
  if (state === 'observed' && reading.errorBudgetRemaining === undefined)
    throw new ShapeError(`${path}.errorBudgetRemaining must be set when state is observed`);
  return reading;
}

function mapping(value: unknown, path: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw new ShapeError(`${path} must be a mapping, got ${JSON.stringify(value) ?? 'nothing'}`);
  return value;
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new ShapeError(`${path} must be a list, got ${JSON.stringify(value) ?? 'nothing'}`);
  return value;
}

function str(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '')
    throw new ShapeError(`${path} must be a non-empty string, got ${JSON.stringify(value) ?? 'nothing'}`);
  return value;
}

function num(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new ShapeError(`${path} must be a finite number, got ${JSON.stringify(value) ?? 'nothing'}`);
  return value;
}

/** An RFC 3339 time in UTC, as the command writes it (`2026-05-04T10:15:00.000Z`); a date YAML read as one is accepted too. */
function timestamp(value: unknown, path: string): string {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  const text = str(value, path);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text) || Number.isNaN(Date.parse(text)))
    throw new ShapeError(`${path} must be an RFC 3339 time such as 2026-05-04T10:15:00Z, got ${JSON.stringify(text)}`);
  return text;
}

/**
 * The package's SloObservation, read from its items: none, or the one at OBSERVATION_FILE. One
 * elsewhere, or one that does not read, is a problem the reason names (with the file).
 */
export function packageObservation(items: readonly KrmItem[]): Outcome<SloObservationSpec | undefined> {
  const found = items.filter((item) => isObservationObject(item));
  const elsewhere = found.find((item) => item.fileRef?.path !== OBSERVATION_FILE);
  if (elsewhere)
    return fail(
      `${elsewhere.fileRef?.path ?? 'the package'} holds an SloObservation; observe-slos owns ${OBSERVATION_FILE} at the package root: move it there or delete it`,
    );
  if (found.length > 1) return fail(`${OBSERVATION_FILE} holds ${found.length} SloObservations; it should hold one`);
  if (found.length === 0) return succeed(undefined);
  const spec = readObservationSpec(found[0].object);
  if (!spec.ok) return fail(`${OBSERVATION_FILE}: ${spec.reason}; it is written by observe-slos: fix it or delete it to start afresh`);
  return succeed(spec.value);
}
