/**
 * Turning Prometheus's answers into the SloObservation's data: one reading per SLO, the run of
 * a canary's current version, and the memory of earlier versions carried over from the previous
 * observation. Pure: the command does the asking and the writing.
 */
import { compareCodePoints } from '@focom/domain';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import type { ObservedRequest, ObservedSlo } from './observed-requests';
import { type Sample, type Series, seriesName } from './prometheus-response';
import {
  ALERT_SEVERITIES,
  type AlertSeverity,
  type CanaryObservation,
  MAX_PREVIOUS_VERSIONS,
  type RequestObservation,
  type SloObservationSpec,
  type SloReading,
  type VersionRecord,
} from '@focom/observability';

/** Prometheus's answers for one service (`sloth_service`), all its SLOs at once. */
export interface ServiceAnswers {
  budgetRemaining: readonly Sample[];
  currentBurnRate: readonly Sample[];
  firingAlerts: readonly Sample[];
}

/**
 * One reading per SLO of the request, in its order. When several series answer for one SLO (two
 * Prometheus replicas behind one API, say), the worst is kept: the least budget, the fastest burn.
 * A NaN (an SLI with no traffic divides 0 by 0) is no data: an SLO whose every budget series is
 * NaN is recorded as `no-data`, the other SLOs as observed. A value no SLO can have is an error
 * naming the series (budgetRange, burnRateRange).
 */
export function sloReadings(request: ObservedRequest, answers: ReadonlyMap<string, ServiceAnswers>): Outcome<SloReading[]> {
  const readings: SloReading[] = [];
  for (const slo of request.slos) {
    const answer = answers.get(slo.service);
    const objective = objectiveOf(slo);
    const mine = (samples: readonly Sample[] | undefined): Sample[] =>
      (samples ?? []).filter((s) => belongsTo(s.labels, slo) && !Number.isNaN(s.value));
    const budgets = mine(answer?.budgetRemaining);
    const burns = mine(answer?.currentBurnRate);
    const outOfRange =
      outside(budgets, budgetRange(objective), 'an error budget remaining ratio') ??
      outside(burns, burnRateRange(objective), 'a burn rate');
    if (outOfRange !== undefined) return fail(`${outOfRange} (SLO ${slo.slo} of request ${request.name})`);
    const severities = new Set<AlertSeverity>();
    for (const alert of answer?.firingAlerts ?? []) {
      const severity = alert.labels.sloth_severity;
      if (!belongsTo(alert.labels, slo) || !request.alertNames.includes(alert.labels.alertname ?? '')) continue;
      if (severity === 'page' || severity === 'ticket') severities.add(severity);
    }
    const reading: SloReading = {
      slo: slo.slo,
      state: budgets.length > 0 ? 'observed' : 'no-data',
      firingAlerts: ALERT_SEVERITIES.filter((s) => severities.has(s)),
    };
    if (budgets.length > 0) reading.errorBudgetRemaining = Math.min(...budgets.map((s) => s.value));
    if (burns.length > 0) reading.currentBurnRate = Math.max(...burns.map((s) => s.value));
    readings.push(reading);
  }
  return succeed(readings);
}

/** The lowest budget left when the objective is unknown: 101 times the budget spent. */
export const MIN_BUDGET_REMAINING = -100;

/** Rounding slack on the bounds below (Prometheus computes in float64). */
const SLACK = 1e-9;

/** The SLO's objective as a ratio (0.999), from its info series' `sloth_objective` label, if it reads as one. */
function objectiveOf(slo: ObservedSlo): number | undefined {
  const percent = Number(slo.infoLabels?.sloth_objective);
  return Number.isFinite(percent) && percent > 0 && percent < 100 ? percent / 100 : undefined;
}

/**
 * What `1 - error ratio / (1 - objective)` can be: at most 1 (no errors), at least
 * `1 - 1 / (1 - objective)` (every request failed), or MIN_BUDGET_REMAINING without an objective.
 */
export function budgetRange(objective: number | undefined): [number, number] {
  return [objective === undefined ? MIN_BUDGET_REMAINING : 1 - 1 / (1 - objective), 1];
}

/** What `error ratio / (1 - objective)` can be: from 0 to `1 / (1 - objective)`, or any finite number from 0 without an objective. */
export function burnRateRange(objective: number | undefined): [number, number] {
  return [0, objective === undefined ? Number.POSITIVE_INFINITY : 1 / (1 - objective)];
}

function outside(samples: readonly Sample[], [low, high]: [number, number], what: string): string | undefined {
  const slack = (bound: number): number => (Number.isFinite(bound) ? Math.abs(bound) * SLACK + SLACK : 0);
  const wrong = samples.find((s) => !(s.value >= low - slack(low) && s.value <= high + slack(high) && Number.isFinite(s.value)));
  if (wrong === undefined) return undefined;
  const range = Number.isFinite(high) ? `from ${round(low)} to ${round(high)}` : `a finite number from ${round(low)}`;
  return `Prometheus answered ${wrong.value} for ${seriesName(wrong.labels)}, out of range for ${what} (${range})`;
}

function round(value: number): string {
  return String(Number(value.toPrecision(6)));
}

function belongsTo(labels: Readonly<Record<string, string>>, slo: ObservedSlo): boolean {
  return labels.sloth_slo === slo.slo && (labels.sloth_id === undefined || labels.sloth_id === slo.id);
}

/**
 * Since when a series has been present without a gap, up to `end`: the start of its last run in
 * the answer of a range query stepped every `stepSeconds`. Undefined when it is absent at `end`
 * (the last step), so a site that stopped running a version has not been running it.
 */
export function runningSince(series: readonly Series[], end: Date, stepSeconds: number): Date | undefined {
  const times = [...new Set(series.flatMap((s) => s.points.map(([t]) => t)))].sort((a, b) => a - b);
  const endSeconds = end.getTime() / 1000;
  if (times.length === 0 || times[times.length - 1] < endSeconds - stepSeconds * 1.5) return undefined;
  let start = times[times.length - 1];
  for (let i = times.length - 2; i >= 0 && start - times[i] <= stepSeconds * 1.5; i--) start = times[i];
  return new Date(start * 1000);
}

/** A canary's run: from the latest start among its SLOs (all must be running), or none. */
export function latestStart(starts: ReadonlyArray<Date | undefined>): Date | undefined {
  if (starts.length === 0 || starts.some((s) => s === undefined)) return undefined;
  return new Date(Math.max(...starts.map((s) => s!.getTime())));
}

/**
 * The earlier versions a request remembers: those of the previous observation, plus its then
 * current version when the request has moved on from it. One entry per version (the newest
 * observation of it), newest first, at most MAX_PREVIOUS_VERSIONS.
 */
export function previousVersions(
  current: { template?: string },
  previous: { spec: SloObservationSpec; request: RequestObservation } | undefined,
): VersionRecord[] {
  if (!previous) return [];
  const records = [...previous.request.previousVersions];
  const before = previous.request;
  if (before.template !== undefined && before.template !== current.template && before.slos.length > 0)
    records.push({ template: before.template, observedAt: previous.spec.observedAt, slos: before.slos });
  const newest = new Map<string, VersionRecord>();
  for (const record of records) {
    if (record.template === current.template) continue;
    const known = newest.get(record.template);
    if (!known || Date.parse(record.observedAt) > Date.parse(known.observedAt)) newest.set(record.template, record);
  }
  return [...newest.values()]
    .sort((a, b) => Date.parse(b.observedAt) - Date.parse(a.observedAt) || compareCodePoints(a.template, b.template))
    .slice(0, MAX_PREVIOUS_VERSIONS);
}

export interface ObservationParts {
  observedAt: Date;
  source: string;
  requests: ReadonlyArray<{ request: ObservedRequest; slos: SloReading[] }>;
  canaries: ReadonlyArray<{ package: string; request: ObservedRequest; slos: SloReading[]; runningSince?: Date }>;
  /** The observation the package held before, if any. */
  previous?: SloObservationSpec;
}

/** The SloObservation's spec, sorted: requests by namespace and name, canaries by package, namespace and name. */
export function buildObservation(parts: ObservationParts): SloObservationSpec {
  const requests: RequestObservation[] = [...parts.requests]
    .sort((a, b) => compareCodePoints(a.request.namespace, b.request.namespace) || compareCodePoints(a.request.name, b.request.name))
    .map(({ request, slos }) => {
      const before = parts.previous?.requests.find((r) => r.request === request.name && r.namespace === request.namespace);
      const entry: RequestObservation = {
        request: request.name,
        namespace: request.namespace,
        slos,
        previousVersions: previousVersions(request, before && parts.previous ? { spec: parts.previous, request: before } : undefined),
      };
      if (request.template !== undefined) entry.template = request.template;
      if (request.digest !== undefined) entry.digest = request.digest;
      return entry;
    });
  const canaries: CanaryObservation[] = [...parts.canaries]
    .sort(
      (a, b) =>
        compareCodePoints(a.package, b.package) ||
        compareCodePoints(a.request.namespace, b.request.namespace) ||
        compareCodePoints(a.request.name, b.request.name),
    )
    .map(({ package: pkg, request, slos, runningSince: since }) => {
      const entry: CanaryObservation = { package: pkg, request: request.name, namespace: request.namespace, slos };
      if (request.template !== undefined) entry.template = request.template;
      if (since !== undefined) entry.runningSince = since.toISOString();
      return entry;
    });
  return { observedAt: parts.observedAt.toISOString(), source: parts.source, requests, canaries };
}
