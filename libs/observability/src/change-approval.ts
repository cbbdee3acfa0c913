/**
 * The SLO gate: whether a change to a site may be approved, decided from the SloObservation in
 * the package (so the decision is in git and reviewable), never from a connection. Pure: the
 * render gives it the request's change, the observation, the time and the settings, and writes
 * the verdict as the request's SLO condition in the Kptfile.
 *
 * - A first deployment needs only feasibility (checked elsewhere): True.
 * - A change that alters what a running site receives (template upgrade, new parameters) is True
 *   only with a fresh observation of the version the site runs, every SLO observed, no page alert
 *   firing and every SLO's error budget left above the threshold; with canaries configured, also
 *   only when enough canaries ran the target version for the bake time with healthy SLOs.
 * - When the running version burns and the observation remembers an earlier version that ran
 *   healthy, the verdict names it: with rollback on, `rollbackTo` tells the render to render that
 *   version again (True, reason RolledBack); off, the condition is False and says which version.
 *   A change that itself goes back to a version that ran healthy is let through (RolledBack).
 */
import { formatDuration } from './duration';
import type { CanarySettings, GateSettings } from './gate-settings';
import type { CanaryObservation, RequestObservation, SloObservationSpec, SloReading, VersionRecord } from './slo-observation';

export type ChangeKind = 'first-deployment' | 'template-upgrade' | 'new-parameters' | 'no-change';

export interface GateChange {
  kind: ChangeKind;
  /** `<template>@<version>` the site was delivered (its generated resources before this render); absent on a first deployment. */
  running?: string;
  /** `<template>@<version>` this render produces. */
  target: string;
}

export interface GateInput {
  request: { name: string; namespace: string };
  change: GateChange;
  /** The package's SloObservation, if it has one. */
  observation?: SloObservationSpec;
  now: Date;
  settings: GateSettings;
}

export type GateReason =
  | 'FirstDeployment'
  | 'NoChange'
  | 'SloHealthy'
  | 'NoSlosDeclared'
  | 'RolledBack'
  | 'NoObservation'
  | 'ObservationStale'
  | 'ObservationOfOtherVersion'
  | 'NoData'
  | 'PageAlertFiring'
  | 'BudgetBelowThreshold'
  | 'CanariesNotBaked'
  | 'CanariesUnhealthy'
  | 'TargetBurnedBefore';

export interface GateVerdict {
  status: 'True' | 'False';
  reason: GateReason;
  /** The numbers a person acts on: age, budget left, threshold, alerts, versions, canaries. */
  message: string;
  /** Set only when rollback is on and taken: the render renders the request with this version instead. */
  rollbackTo?: string;
}

/** Observations up to this far in the future count as fresh (clocks of CI and the render may differ a little). */
const CLOCK_SKEW_SECONDS = 60;

/** What kind of change a render makes to a request, from what it delivered before and what it renders now. */
export function classifyChange(running: string | undefined, target: string, parametersChanged: boolean): ChangeKind {
  if (running === undefined) return 'first-deployment';
  if (running !== target) return 'template-upgrade';
  return parametersChanged ? 'new-parameters' : 'no-change';
}

export function sloGate(input: GateInput): GateVerdict {
  const { change, settings } = input;
  if (change.kind === 'first-deployment')
    return verdict('True', 'FirstDeployment', `first deployment of ${change.target}: only the feasibility of its SLOs is checked`);

  const site = siteOf(input);
  if (!site.ok)
    return change.kind === 'no-change'
      ? verdict('True', 'NoChange', `no change to ${change.target}; ${site.verdict.message}`)
      : site.verdict;
  const { observed, age } = site;
  const when = `observed ${formatDuration(age)} ago at ${input.observation!.observedAt}`;
  const running = observed.template ?? 'an unknown version';
  const burning = burn(observed.slos, settings);
  const numbers = describeSlos(observed.slos, settings);

  if (burning) {
    const lastGood = lastGoodVersion(observed.previousVersions, running, settings);
    const reason: GateReason = burning === 'page' ? 'PageAlertFiring' : burning === 'budget' ? 'BudgetBelowThreshold' : 'NoData';
    const chosen = change.kind === 'template-upgrade' ? healthyBefore(observed.previousVersions, change.target, settings) : undefined;
    if (chosen && burning !== 'no-data')
      return verdict(
        'True',
        'RolledBack',
        `rolling back to ${chosen.template}: ${running} burns its error budget (${when}: ${numbers}); ${chosen.template} ran healthy when last observed at ${chosen.observedAt} (${describeSlos(chosen.slos, settings)})`,
      );
    if (lastGood && burning !== 'no-data') {
      const goodWhen = `${lastGood.template} ran healthy when last observed at ${lastGood.observedAt} (${describeSlos(lastGood.slos, settings)})`;
      if (settings.rollback) {
        const instead = change.kind === 'template-upgrade' ? ` instead of ${change.target}` : '';
        return {
          ...verdict(
            'True',
            'RolledBack',
            `rolled back to ${lastGood.template}${instead}: ${running} burns its error budget (${when}: ${numbers}); ${goodWhen}`,
          ),
          rollbackTo: lastGood.template,
        };
      }
      return verdict(
        'False',
        reason,
        `${running} burns its error budget (${when}: ${numbers}); roll back to ${lastGood.template}: ${goodWhen}. Set rollback: true in the SLO gate settings to have the render do it, or render ${lastGood.template} yourself`,
      );
    }
    if (change.kind === 'no-change')
      return verdict('True', 'NoChange', `no change to ${change.target}; note: ${running} ${when}: ${numbers}`);
    const noGood = burning === 'no-data' ? '' : '; no earlier version is known to have run healthy';
    return verdict('False', reason, `${held(change)}: ${running} ${when}: ${numbers}${noGood}`);
  }

  if (change.kind === 'no-change') return verdict('True', 'NoChange', `no change to ${change.target}; ${running} ${when}: ${numbers}`);
  const burnedBefore =
    change.kind === 'template-upgrade'
      ? observed.previousVersions.find((v) => v.template === change.target && v.slos.length > 0 && burn(v.slos, settings) !== undefined)
      : undefined;
  if (burnedBefore && burn(burnedBefore.slos, settings) !== 'no-data')
    return verdict(
      'False',
      'TargetBurnedBefore',
      `${held(change)}: ${change.target} burned its error budget when this site last ran it (observed at ${burnedBefore.observedAt}: ${describeSlos(burnedBefore.slos, settings)}); ${running} ${when}: ${numbers}. Name a version other than ${change.target}, or ${running} to stay`,
    );
  if (settings.canaries) {
    const canaries = canaryState(input.observation!, change.target, settings.canaries, settings);
    if (canaries.ready < settings.canaries.required) {
      const reason: GateReason = canaries.unhealthy ? 'CanariesUnhealthy' : 'CanariesNotBaked';
      return verdict('False', reason, `${waitsForCanaries(change)}: ${canaries.message}; this site ${when}: ${numbers}`);
    }
    return verdict(
      'True',
      'SloHealthy',
      `${describeChange(change)} may proceed: ${running} ${when}: ${numbers}; canaries: ${canaries.message}`,
    );
  }
  if (observed.slos.length === 0)
    return verdict('True', 'NoSlosDeclared', `${describeChange(change)} may proceed: ${running} declares no SLOs (${when})`);
  return verdict('True', 'SloHealthy', `${describeChange(change)} may proceed: ${running} ${when}: ${numbers}`);
}

function verdict(status: 'True' | 'False', reason: GateReason, message: string): GateVerdict {
  return { status, reason, message };
}

type SiteLookup = { ok: true; observed: RequestObservation; age: number } | { ok: false; verdict: GateVerdict };

/** The request's entry of a fresh observation of the version it runs, or why there is none. */
function siteOf(input: GateInput): SiteLookup {
  const { observation, request, change, now, settings } = input;
  const hold = held(change);
  if (!observation)
    return {
      ok: false,
      verdict: verdict('False', 'NoObservation', `${hold}: the package has no SloObservation; run observe-slos before the render`),
    };
  const observed = observation.requests.find((r) => r.request === request.name && r.namespace === request.namespace);
  if (!observed)
    return {
      ok: false,
      verdict: verdict(
        'False',
        'NoObservation',
        `${hold}: the SloObservation of ${observation.observedAt} has no entry for this request; run observe-slos again`,
      ),
    };
  const age = (now.getTime() - Date.parse(observation.observedAt)) / 1000;
  if (age > settings.maxAgeSeconds)
    return {
      ok: false,
      verdict: verdict(
        'False',
        'ObservationStale',
        `${hold}: the SLOs were observed ${formatDuration(age)} ago at ${observation.observedAt}, more than the ${formatDuration(settings.maxAgeSeconds)} allowed; run observe-slos again`,
      ),
    };
  if (age < -CLOCK_SKEW_SECONDS)
    return {
      ok: false,
      verdict: verdict(
        'False',
        'ObservationStale',
        `${hold}: the SLOs were observed at ${observation.observedAt}, ${formatDuration(-age)} after now (${now.toISOString()}); the clocks disagree`,
      ),
    };
  if (change.running !== undefined && observed.template !== change.running)
    return {
      ok: false,
      verdict: verdict(
        'False',
        'ObservationOfOtherVersion',
        `${hold}: the SloObservation of ${observation.observedAt} saw ${observed.template ?? 'no rendered version'}, but the package delivered ${change.running}; run observe-slos again once ${change.running} runs`,
      ),
    };
  return { ok: true, observed, age: Math.max(0, age) };
}

/** Why SLO readings are not healthy (the first that applies), or undefined when they are. */
function burn(slos: readonly SloReading[], settings: GateSettings): 'no-data' | 'page' | 'budget' | undefined {
  if (slos.some((s) => s.state === 'no-data')) return 'no-data';
  if (slos.some((s) => s.firingAlerts.includes('page'))) return 'page';
  if (slos.some((s) => (s.errorBudgetRemaining ?? 0) <= settings.budgetThreshold)) return 'budget';
  return undefined;
}

/** `template` as last observed, when that was healthy. */
function healthyBefore(previous: readonly VersionRecord[], template: string, settings: GateSettings): VersionRecord | undefined {
  return previous.find((v) => v.template === template && v.slos.length > 0 && burn(v.slos, settings) === undefined);
}

/** The newest earlier version whose last observation was healthy. */
function lastGoodVersion(previous: readonly VersionRecord[], running: string, settings: GateSettings): VersionRecord | undefined {
  return [...previous]
    .sort((a, b) => Date.parse(b.observedAt) - Date.parse(a.observedAt))
    .find((v) => v.template !== running && v.slos.length > 0 && burn(v.slos, settings) === undefined);
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** `f1-setup-success: 80.0% of the error budget left (threshold 25.0%), burn rate 0.20, ticket alert firing`; one entry per SLO. */
function describeSlos(slos: readonly SloReading[], settings: GateSettings): string {
  if (slos.length === 0) return 'no SLOs declared';
  const parts = slos.map((s) => {
    if (s.state === 'no-data') return `${s.slo}: no data in Prometheus`;
    const burnRate = s.currentBurnRate === undefined ? 'burn rate unknown' : `burn rate ${s.currentBurnRate.toFixed(2)}`;
    const alerts = s.firingAlerts.length === 0 ? 'no burn alert firing' : `${s.firingAlerts.join(' and ')} alert firing`;
    return `${s.slo}: ${percent(s.errorBudgetRemaining ?? 0)} of the error budget left, ${burnRate}, ${alerts}`;
  });
  return `${parts.join('; ')} (threshold ${percent(settings.budgetThreshold)})`;
}

function describeChange(change: GateChange): string {
  if (change.kind === 'template-upgrade') return `the upgrade from ${change.running ?? 'nothing'} to ${change.target}`;
  if (change.kind === 'new-parameters') return `the new parameters for ${change.target}`;
  return `the change to ${change.target}`;
}

/** "<the change> is held" (or "are held": the new parameters are plural). */
function held(change: GateChange): string {
  return `${describeChange(change)} ${change.kind === 'new-parameters' ? 'are' : 'is'} held`;
}

/** "<the change> waits for its canaries" (or "wait for their"). */
function waitsForCanaries(change: GateChange): string {
  return `${describeChange(change)} ${change.kind === 'new-parameters' ? 'wait for their' : 'waits for its'} canaries`;
}

/** How many canaries are ready (ran the target version for the bake time, healthy), and a line per site. */
function canaryState(
  observation: SloObservationSpec,
  target: string,
  canaries: CanarySettings,
  settings: GateSettings,
): { ready: number; unhealthy: boolean; message: string } {
  const observedAt = Date.parse(observation.observedAt);
  const bake = formatDuration(canaries.bakeSeconds);
  let ready = 0;
  let unhealthy = false;
  const lines = canaries.sites.map((site) => {
    // A site is named by its request; failing that, by its package, whose every request must then
    // be ready (and any one burning makes it unhealthy).
    const byRequest = observation.canaries.filter((c) => c.request === site);
    const entries = byRequest.length > 0 ? byRequest : observation.canaries.filter((c) => c.package === site);
    if (entries.length === 0) return `${site} not observed (pass its package to observe-slos with --canary)`;
    const states = entries.map((entry) => ({ entry, ...oneCanary(entry, target, observedAt, canaries.bakeSeconds, settings) }));
    // A request counts by its best entry; a package by all of its requests.
    const counted = byRequest.length > 0 ? [states.find((s) => s.ready) ?? states[0]] : states;
    if (counted.every((s) => s.ready)) ready += 1;
    if (counted.some((s) => s.unhealthy)) unhealthy = true;
    const shown = counted.find((s) => !s.ready) ?? counted[0];
    return counted.length > 1 ? `${site} (request ${shown.entry.request}) ${shown.text}` : `${site} ${shown.text}`;
  });
  const head = `${ready} of ${canaries.required} required canaries ran ${target} for ${bake} with healthy SLOs`;
  return { ready, unhealthy, message: `${head} (${lines.join('; ')})` };
}

function oneCanary(
  entry: CanaryObservation,
  target: string,
  observedAt: number,
  bakeSeconds: number,
  settings: GateSettings,
): { ready: boolean; unhealthy: boolean; text: string } {
  if (entry.template !== target)
    return { ready: false, unhealthy: false, text: `runs ${entry.template ?? 'no rendered version'}, not ${target}` };
  if (entry.slos.length === 0) return { ready: false, unhealthy: false, text: `declares no SLOs, so it proves nothing about ${target}` };
  if (entry.runningSince === undefined)
    return { ready: false, unhealthy: false, text: `runs ${target} but Prometheus holds no SLO rules of it yet` };
  const ran = (observedAt - Date.parse(entry.runningSince)) / 1000;
  const health = burn(entry.slos, settings);
  if (health === 'page' || health === 'budget')
    return {
      ready: false,
      unhealthy: true,
      text: `is unhealthy after ${formatDuration(ran)} on ${target}: ${describeSlos(entry.slos, settings)}`,
    };
  if (health === 'no-data') return { ready: false, unhealthy: false, text: `has no SLO data yet: ${describeSlos(entry.slos, settings)}` };
  if (ran < bakeSeconds)
    return {
      ready: false,
      unhealthy: false,
      text: `ran ${target} for ${formatDuration(ran)} of ${formatDuration(bakeSeconds)} (since ${entry.runningSince})`,
    };
  return { ready: true, unhealthy: false, text: `ready: ran ${target} for ${formatDuration(ran)} (since ${entry.runningSince})` };
}
