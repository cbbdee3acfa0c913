/**
 * One run of observe-slos: read the package (and canary packages), ask Prometheus, write the
 * SloObservation. Nothing is written unless every step succeeded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { OBSERVATION_FILE, type SloObservationSpec, type SloReading, packageObservation } from '@focom/observability';
import { type ObservedRequest, observedRequests } from './observed-requests';
import { type ServiceAnswers, buildObservation, latestStart, runningSince, sloReadings } from './observation-build';
import {
  budgetRemainingQuery,
  currentBurnRateQuery,
  firingAlertsQuery,
  instantQueryPath,
  rangeQueryPath,
  sloInfoQuery,
} from './prometheus-queries';
import { observationFileText } from './observation-file';
import { parseMatrix, parseVector } from './prometheus-response';
import { credentialsOf, safeMessage } from './server-text';
import type { ObserveOptions } from './args';
import { readIfPresent, readPackage, writeAtomically } from './package-files';
import { type PrometheusClient, prometheusClient } from './prometheus-client';

/** How far back a canary's run of its version is looked for, and at what resolution. */
export const CANARY_LOOKBACK_SECONDS = 30 * 86400;
export const CANARY_STEP_SECONDS = 300;

export interface ObserveResult {
  file: string;
  spec: SloObservationSpec;
}

/**
 * Every message it returns has the credentials it holds (token, the URL's user information) masked
 * in any form (server-text.ts): a server may echo the Authorization header in its error text.
 */
export async function observe(options: ObserveOptions, now: () => Date = () => new Date()): Promise<Outcome<ObserveResult>> {
  const token = readToken(options);
  if (!token.ok) return token;
  const outcome = await observeWith(options, token, now);
  return outcome.ok ? outcome : fail(safeMessage(outcome.reason, credentialsOf(options.prometheus, token.value)));
}

async function observeWith(
  options: ObserveOptions,
  token: Outcome<string | undefined> & { ok: true },
  now: () => Date,
): Promise<Outcome<ObserveResult>> {
  const pkg = readPackage(options.packageDir);
  if (!pkg.ok) return pkg;
  const requests = requestsToObserve(pkg.value.items, options);
  if (!requests.ok) return requests;
  const previous = packageObservation(pkg.value.items);
  if (!previous.ok) return previous;

  const canaryPackages: Array<{ name: string; requests: ObservedRequest[] }> = [];
  for (const dir of options.canaries) {
    const canary = readPackage(dir);
    if (!canary.ok) return fail(`--canary ${canary.reason}`);
    const found = observedRequests(canary.value.items);
    if (!found.ok) return fail(`--canary ${dir}: ${found.reason}`);
    canaryPackages.push({ name: canary.value.name, requests: found.value });
  }

  const client = prometheusClient(options.prometheus, {
    ...(token.value !== undefined ? { token: token.value } : {}),
    timeoutMs: options.timeoutMs,
  });
  const observedAt = now();
  const ask = asker(client, observedAt);

  const requestReadings: Array<{ request: ObservedRequest; slos: SloReading[] }> = [];
  for (const request of requests.value) {
    const slos = await ask.readings(request);
    if (!slos.ok) return slos;
    requestReadings.push({ request, slos: slos.value });
  }
  const canaryReadings: Array<{ package: string; request: ObservedRequest; slos: SloReading[]; runningSince?: Date }> = [];
  for (const canary of canaryPackages) {
    for (const request of canary.requests) {
      const slos = await ask.readings(request);
      if (!slos.ok) return slos;
      const since = await ask.runningSince(request);
      if (!since.ok) return since;
      canaryReadings.push({ package: canary.name, request, slos: slos.value, ...(since.value ? { runningSince: since.value } : {}) });
    }
  }

  const spec = buildObservation({
    observedAt,
    source: client.source,
    requests: requestReadings,
    canaries: canaryReadings,
    ...(previous.value ? { previous: previous.value } : {}),
  });
  const file = join(options.packageDir, OBSERVATION_FILE);
  const text = observationFileText(readIfPresent(file), spec);
  if (!text.ok) return fail(`${options.packageDir}: ${text.reason}`);
  const written = writeAtomically(file, text.value);
  if (!written.ok) return written;
  return succeed({ file, spec });
}

/**
 * The package's requests as the sites run them: read from the package itself, or, with
 * `--delivered`, each request of the package as the delivered revision has it (its version,
 * digest and SLOs); a request the delivered revision lacks or never rendered is observed as not
 * delivered yet (no version, no digest: the render treats its change as a first deployment).
 */
function requestsToObserve(items: Parameters<typeof observedRequests>[0], options: ObserveOptions): Outcome<ObservedRequest[]> {
  const own = observedRequests(items);
  if (!own.ok) return fail(`${options.packageDir}: ${own.reason}`);
  if (options.deliveredDir === undefined) return own;
  const delivered = readPackage(options.deliveredDir);
  if (!delivered.ok) return fail(`--delivered ${delivered.reason}`);
  const running = observedRequests(delivered.value.items);
  if (!running.ok) return fail(`--delivered ${options.deliveredDir}: ${running.reason}`);
  return succeed(
    own.value.map(
      (request) =>
        running.value.find((r) => r.name === request.name && r.namespace === request.namespace) ?? {
          name: request.name,
          namespace: request.namespace,
          slos: [],
          alertNames: [],
        },
    ),
  );
}

/** The bearer token, from a file or an environment variable, trimmed; never echoed. */
function readToken(options: ObserveOptions): Outcome<string | undefined> {
  let token: string | undefined;
  if (options.tokenFile !== undefined) {
    try {
      token = readFileSync(options.tokenFile, 'utf8').trim();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      return fail(`--token-file ${options.tokenFile} cannot be read (${code})`);
    }
    if (token === '') return fail(`--token-file ${options.tokenFile} is empty`);
  } else if (options.tokenEnv !== undefined) {
    token = process.env[options.tokenEnv]?.trim();
    if (!token) return fail(`--token-env ${options.tokenEnv}: the environment variable is not set or empty`);
  }
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token))
    return fail(
      `the token (${options.tokenFile !== undefined ? `--token-file ${options.tokenFile}` : `--token-env ${options.tokenEnv}`}) holds spaces or characters an HTTP header cannot carry`,
    );
  return succeed(token);
}

function asker(client: PrometheusClient, at: Date) {
  async function vector(query: string) {
    const body = await client.get(instantQueryPath(query, at));
    return body.ok ? parseVector(body.value, query) : body;
  }
  return {
    /** One reading per SLO, three instant queries per service. */
    async readings(request: ObservedRequest): Promise<Outcome<SloReading[]>> {
      const answers = new Map<string, ServiceAnswers>();
      for (const service of [...new Set(request.slos.map((s) => s.service))]) {
        const budgetRemaining = await vector(budgetRemainingQuery(service));
        if (!budgetRemaining.ok) return budgetRemaining;
        const currentBurnRate = await vector(currentBurnRateQuery(service));
        if (!currentBurnRate.ok) return currentBurnRate;
        const firingAlerts = await vector(firingAlertsQuery(service));
        if (!firingAlerts.ok) return firingAlerts;
        answers.set(service, {
          budgetRemaining: budgetRemaining.value,
          currentBurnRate: currentBurnRate.value,
          firingAlerts: firingAlerts.value,
        });
      }
      return sloReadings(request, answers);
    },
    /** Since when every SLO's info series (the rules of this version) has been present. */
    async runningSince(request: ObservedRequest): Promise<Outcome<Date | undefined>> {
      const starts: Array<Date | undefined> = [];
      const start = new Date(at.getTime() - CANARY_LOOKBACK_SECONDS * 1000);
      for (const slo of request.slos) {
        if (!slo.infoLabels) {
          starts.push(undefined);
          continue;
        }
        const query = sloInfoQuery(slo.infoLabels);
        const body = await client.get(rangeQueryPath(query, start, at, CANARY_STEP_SECONDS));
        if (!body.ok) return body;
        const series = parseMatrix(body.value, query);
        if (!series.ok) return series;
        starts.push(runningSince(series.value, at, CANARY_STEP_SECONDS));
      }
      return succeed(latestStart(starts));
    },
  };
}
