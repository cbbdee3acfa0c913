/** A service level objective as a template declares it, with Sloth's meaning for each field. */
export interface SloSpec {
  /** The SLO's name, e.g. `f1-setup-success` (Sloth's `sloth_slo`). */
  name: string;
  /** The objective in percent, e.g. 99.9. */
  objective: number;
  description: string;
  /** Error and total event queries in PromQL, each with a `{{.window}}` placeholder. */
  sli: { errorQuery: string; totalQuery: string };
  /** The name of its page and ticket alerts (Sloth's `alerting.name`); derived from `name` when absent. */
  alertName?: string;
}

/** Where an SLO's rules go: the service it belongs to, labels on every rule, the SLO period. */
export interface SloTarget {
  /** Sloth's `sloth_service`, e.g. the request's name. */
  service: string;
  /** Labels put on every recording and alert (request, O-Cloud, template). */
  labels: Readonly<Record<string, string>>;
  /**
   * Labels that change with the version deployed (the template version): only on the alerts and on
   * `sloth_slo_info`, so the SLI and error budget series stay one series across an upgrade, while
   * an alert says which version burns and `sloth_slo_info` since when a version has run.
   */
  versionLabels?: Readonly<Record<string, string>>;
  /** The SLO period in days: 30 (the default) or 28. */
  periodDays: number;
}

/** The SLI windows Sloth records, shortest first. */
export const SLI_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

/** Periods with the Google SRE workbook's multi-window multi-burn-rate factors (28 days uses the 30-day ones). */
export const SLO_PERIODS_DAYS = [28, 30] as const;

/** One alert condition: both windows burning faster than `factor` times the budget. */
export interface BurnWindow {
  short: (typeof SLI_WINDOWS)[number];
  long: (typeof SLI_WINDOWS)[number];
  factor: number;
}

/** Page when either pair burns 2% / 5% of a 30-day budget in an hour / six hours; ticket when 10% burns in a day or three. */
export const PAGE_WINDOWS: readonly BurnWindow[] = [
  { short: '5m', long: '1h', factor: 14.4 },
  { short: '30m', long: '6h', factor: 6 },
];
export const TICKET_WINDOWS: readonly BurnWindow[] = [
  { short: '2h', long: '1d', factor: 3 },
  { short: '6h', long: '3d', factor: 1 },
];
