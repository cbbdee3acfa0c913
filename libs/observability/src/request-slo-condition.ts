/**
 * A request's SLO condition, decided at render time from the rendered objects and the package's
 * SloObservation (pure: the render hands it everything, including the time):
 *
 * 1. No SLO declared by its generated PrometheusRule, on a site that runs none either: True,
 *    `NoSlosDeclared`. A running site is judged by what it runs: when the observation shows SLOs
 *    on the version the site runs, or the last render gated the request (its record in the
 *    Kptfile), a change to a version without SLOs is gated like any other change, by the SLOs of
 *    the running version; dropping a site's SLOs needs a healthy observation too.
 * 2. The same inputs as the verdict on record (observation, target, digest, settings): that
 *    verdict again, word for word, however much the observation has aged since.
 * 3. An SLO that cannot hold on the rendered workload: False, `SloInfeasible`, saying what to change.
 * 4. Otherwise the gate (`sloGate`) for the change this render makes to the running site, told
 *    apart by `classifyRenderedChange`; a suspect SLO (its metrics scraped by no monitor) is said
 *    in the message without changing the status.
 */
import { type ChangeKind, type GateChange, type GateVerdict, sloGate } from './change-approval';
import { type FeasibilityProblem, checkFeasibility } from './slo-feasibility';
import type { GateSettings } from './gate-settings';
import { type GateRecord, sameInputs } from './gate-record';
import type { RequestObservation, SloObservationSpec } from './slo-observation';
import { declaredSlos } from './rule-slos';

export interface RequestCondition {
  status: 'True' | 'False';
  reason: string;
  message: string;
}

export interface RequestGateInput {
  request: { name: string; namespace: string };
  /** The request's generated resources as this render leaves them (stamped). */
  objects: readonly Record<string, unknown>[];
  /** `<template>@<version>` they carry. */
  target: string;
  /** `generatedDigest` of them. */
  digest: string;
  observation?: SloObservationSpec;
  /**
   * Whether the request was rendered before this render: the package held its delivery object or
   * its gate record (the record counts with `delivery: none` too), so it may have been delivered.
   */
  deliveredBefore: boolean;
  /** `focom.nephio.org/previous-template` of the generated resources, when a version change is on record. */
  previousTemplate?: string;
  /** The record and condition the last render left, if any. */
  previous?: { record: GateRecord; condition: RequestCondition };
  settings: GateSettings;
  /** `settingsFingerprint(settings)`. */
  settingsKey: string;
  now: Date;
}

export interface RequestGateOutcome {
  condition: RequestCondition;
  /** What to keep in the Kptfile for the next render; absent when neither the request nor its running site declares SLOs. */
  record?: GateRecord;
  /** Infeasible and suspect SLOs, for results. */
  problems: FeasibilityProblem[];
  /** True when the verdict on record was kept. */
  kept: boolean;
}

/**
 * How this render changes what the site runs, from what observe-slos saw delivered (the entry's
 * template and digest) and what the render produces:
 *
 * - entry with a template: the same digest is no change; another template an upgrade (or a
 *   downgrade, gated alike); the same template with another digest new parameters (an entry
 *   without a digest, from an older observe-slos, counts as new parameters: it cannot tell);
 * - entry without a template (observed before its first render), or no entry and no delivery
 *   object before this render: a first deployment;
 * - in a package without an SloObservation, a request rendered before whose last verdict was a
 *   first deployment of the same version: still a first deployment. Porch renders a draft again
 *   on every edit before its first approval (the package context a PackageVariant injects, a
 *   person's edit), and a package nobody observes has no SLO data to judge a change by;
 * - otherwise no entry although a delivery object existed: a change to a site nobody observed,
 *   which the gate holds until observe-slos has seen it.
 */
export function classifyRenderedChange(
  entry: RequestObservation | undefined,
  rendered: { target: string; digest: string; deliveredBefore: boolean; previousTemplate?: string; firstDeploymentOf?: string },
): GateChange {
  const { target } = rendered;
  if (entry) {
    if (entry.template === undefined) return { kind: 'first-deployment', target };
    const running = entry.template;
    let kind: ChangeKind;
    if (entry.digest !== undefined && entry.digest === rendered.digest) kind = 'no-change';
    else if (running !== target) kind = 'template-upgrade';
    else kind = 'new-parameters';
    return { kind, running, target };
  }
  if (!rendered.deliveredBefore || rendered.firstDeploymentOf === target) return { kind: 'first-deployment', target };
  const running = rendered.previousTemplate ?? target;
  return { kind: running === target ? 'new-parameters' : 'template-upgrade', running, target };
}

function entryOf(input: {
  request: { name: string; namespace: string };
  observation?: SloObservationSpec;
}): RequestObservation | undefined {
  return input.observation?.requests.find((r) => r.request === input.request.name && r.namespace === input.request.namespace);
}

/**
 * Whether the site may run SLOs now: the observation saw SLOs on the version it runs, or (no
 * observed version) the last render gated the request, which it does only for a request with SLOs.
 */
function siteRunsSlos(entry: RequestObservation | undefined, previous: RequestGateInput['previous']): boolean {
  if (entry?.template !== undefined && entry.slos.length > 0) return true;
  return previous !== undefined;
}

export function requestGate(input: RequestGateInput): RequestGateOutcome {
  const slos = declaredSlos(input.objects);
  if (slos.length === 0 && !siteRunsSlos(entryOf(input), input.previous))
    return {
      condition: { status: 'True', reason: 'NoSlosDeclared', message: 'no generated PrometheusRule declares an SLO: nothing to gate' },
      problems: [],
      kept: false,
    };
  const record: GateRecord = {
    observedAt: input.observation?.observedAt ?? 'none',
    target: input.target,
    digest: input.digest,
    settings: input.settingsKey,
  };
  if (input.previous && sameInputs(input.previous.record, record)) {
    const { rollbackTo, rollbackFrom } = input.previous.record;
    return {
      condition: { ...input.previous.condition },
      record: { ...record, ...(rollbackTo ? { rollbackTo } : {}), ...(rollbackFrom ? { rollbackFrom } : {}) },
      problems: checkFeasibility(slos, input.objects),
      kept: true,
    };
  }

  const problems = checkFeasibility(slos, input.objects);
  const infeasible = problems.filter((p) => p.severity === 'infeasible');
  const suspect = problems.filter((p) => p.severity === 'suspect');
  if (infeasible.length > 0)
    return {
      condition: {
        status: 'False',
        reason: 'SloInfeasible',
        message: `${infeasible.length === 1 ? 'an SLO' : `${infeasible.length} SLO problems`} cannot hold on what ${input.target} renders: ${infeasible.map((p) => p.message).join('; ')}`,
      },
      record,
      problems,
      kept: false,
    };

  const entry = entryOf(input);
  // Only in a package that holds no SloObservation yet: once a team observes its sites, an
  // unobserved request that was rendered before is held until observe-slos has seen it.
  const firstDeploymentOf =
    !input.observation && input.previous?.condition.reason === 'FirstDeployment' ? input.previous.record.target : undefined;
  const change = classifyRenderedChange(entry, { ...input, ...(firstDeploymentOf ? { firstDeploymentOf } : {}) });
  const verdict: GateVerdict = sloGate({
    request: input.request,
    change,
    ...(input.observation ? { observation: input.observation } : {}),
    now: input.now,
    settings: input.settings,
  });
  const note = suspect.length > 0 ? `; suspect: ${suspect.map((p) => p.message).join('; ')}` : '';
  let condition: RequestCondition = { status: verdict.status, reason: verdict.reason, message: `${verdict.message}${note}` };

  const previousRollback = input.previous?.record.rollbackTo === input.target ? input.previous.record : undefined;
  if (verdict.rollbackTo !== undefined) {
    record.rollbackTo = verdict.rollbackTo;
    record.rollbackFrom = entry?.template ?? change.running ?? input.target;
    if (verdict.rollbackTo !== input.target)
      condition = {
        status: 'False',
        reason: 'RollbackPending',
        message: `${verdict.message}; this render still produced ${input.target}: expand-provisioning-request renders ${verdict.rollbackTo} when it honours the rollback recorded in the Kptfile, or name ${verdict.rollbackTo} in the TemplateInfo${note}`,
      };
  } else if (previousRollback?.rollbackFrom !== undefined) {
    // Still rendering the version rolled back to: the rollback stands (expand keeps honouring it
    // while the request names the version that burned), so the next render renders the same.
    record.rollbackTo = input.target;
    record.rollbackFrom = previousRollback.rollbackFrom;
  } else if (verdict.reason === 'RolledBack' && change.running !== undefined && change.running !== input.target) {
    record.rollbackTo = input.target;
    record.rollbackFrom = change.running;
  }
  return { condition, record, problems, kept: false };
}

/**
 * The version expand-provisioning-request should render instead of `resolved` because of the SLO
 * gate, in the same render that decides it: rollback on, the request still names what the site
 * runs, that version burns, and an earlier one ran healthy. (A rollback on record is
 * `recordedRollback`'s.)
 */
export function gateRollback(input: {
  request: { name: string; namespace: string };
  resolved: string;
  observation?: SloObservationSpec;
  settings: GateSettings;
  now: Date;
}): string | undefined {
  if (!input.settings.rollback || !input.observation) return undefined;
  const entry = entryOf(input);
  if (!entry || entry.template !== input.resolved) return undefined;
  return sloGate({
    request: input.request,
    change: { kind: 'no-change', running: entry.template, target: entry.template },
    observation: input.observation,
    now: input.now,
    settings: input.settings,
  }).rollbackTo;
}
