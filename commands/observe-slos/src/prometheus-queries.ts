/**
 * The PromQL the observation command sends, and the Prometheus HTTP API paths it sends them to.
 * It reads the series Sloth's rules record (sloth-rules.ts), never the SLI's raw metrics, so it
 * works for any SLO whatever its queries.
 */
import { promqlString } from '@focom/domain';

/** `{a="1", b="2"}` with the labels sorted by name. */
export function selector(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((name) => `${name}=${promqlString(labels[name])}`);
  return `{${pairs.join(', ')}}`;
}

export const BUDGET_REMAINING_RECORD = 'slo:period_error_budget_remaining:ratio';
export const CURRENT_BURN_RATE_RECORD = 'slo:current_burn_rate:ratio';
export const SLO_INFO_RECORD = 'sloth_slo_info';

/** The error budget left over the SLO period for every SLO of a service. */
export function budgetRemainingQuery(service: string): string {
  return `${BUDGET_REMAINING_RECORD}${selector({ sloth_service: service })}`;
}

/** The burn rate over the last 5 minutes for every SLO of a service. */
export function currentBurnRateQuery(service: string): string {
  return `${CURRENT_BURN_RATE_RECORD}${selector({ sloth_service: service })}`;
}

/** The service's alerts that are firing (not pending); the answer is filtered by alert name and severity. */
export function firingAlertsQuery(service: string): string {
  return `ALERTS${selector({ alertstate: 'firing', sloth_service: service })}`;
}

/** The SLO's info series with exactly the labels its rule gives it: present while those rules are loaded. */
export function sloInfoQuery(infoLabels: Readonly<Record<string, string>>): string {
  return `${SLO_INFO_RECORD}${selector(infoLabels)}`;
}

/** Seconds since the epoch as Prometheus takes them (`1714817700.123`). */
function unixSeconds(time: Date): string {
  return (time.getTime() / 1000).toFixed(3);
}

/** `/api/v1/query` evaluated at `time`. */
export function instantQueryPath(query: string, time: Date): string {
  return `/api/v1/query?${new URLSearchParams({ query, time: unixSeconds(time) }).toString()}`;
}

/** `/api/v1/query_range` from `start` to `end` every `stepSeconds`. */
export function rangeQueryPath(query: string, start: Date, end: Date, stepSeconds: number): string {
  return `/api/v1/query_range?${new URLSearchParams({ query, start: unixSeconds(start), end: unixSeconds(end), step: String(stepSeconds) }).toString()}`;
}

/**
 * The Prometheus base URL as it may be written into a package: scheme, host, port and path,
 * without user, password, query or fragment (any of which may carry a credential).
 */
export function publicSource(url: URL): string {
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** An API path joined to the base URL, keeping a path prefix (`https://host/prometheus` + `/api/v1/query`). */
export function apiUrl(base: URL, apiPath: string): URL {
  const prefix = base.pathname.replace(/\/+$/, '');
  const joined = new URL(base.toString());
  const [path, query] = apiPath.split('?');
  joined.pathname = `${prefix}${path}`;
  joined.search = query === undefined ? '' : `?${query}`;
  joined.hash = '';
  return joined;
}
