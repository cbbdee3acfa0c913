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

/** The SLO periods Sloth ships alert windows for (`google-28d.yaml`, `google-30d.yaml`). */
export const SLO_PERIODS_DAYS = [28, 30] as const;

/**
 * One alert condition: both windows burning faster than the rate that spends `budgetPercent` of
 * the period's error budget in the long window (Sloth's `errorBudgetPercent`).
 */
export interface BurnWindow {
  short: (typeof SLI_WINDOWS)[number];
  long: (typeof SLI_WINDOWS)[number];
  budgetPercent: number;
}

/** Page when either pair spends 2% / 5% of the budget in an hour / six hours; ticket when 10% goes in a day or three (the SRE workbook's pairs, as Sloth ships them for 28 and 30 days). */
export const PAGE_WINDOWS: readonly BurnWindow[] = [
  { short: '5m', long: '1h', budgetPercent: 2 },
  { short: '30m', long: '6h', budgetPercent: 5 },
];
export const TICKET_WINDOWS: readonly BurnWindow[] = [
  { short: '2h', long: '1d', budgetPercent: 10 },
  { short: '6h', long: '3d', budgetPercent: 10 },
];

const WINDOW_HOURS: Record<(typeof SLI_WINDOWS)[number], number> = {
  '5m': 5 / 60,
  '30m': 0.5,
  '1h': 1,
  '2h': 2,
  '6h': 6,
  '1d': 24,
  '3d': 72,
};

/**
 * The burn rate of a window pair over a `periodDays` period, computed as Sloth computes it
 * (`getBurnRateFactor`, same operations in the same order, so the same float): 14.4, 6, 3, 1 for
 * 30 days; 13.44, 5.6000000000000005, 2.8000000000000003, 0.9333333333333333 for 28.
 */
export function burnFactor(window: BurnWindow, periodDays: number): number {
  return (window.budgetPercent * (periodDays * 24)) / 100 / WINDOW_HOURS[window.long];
}

/**
 * The period as a Prometheus duration, as Sloth names its window (Prometheus' `model.Duration`):
 * years or weeks only when exact, else days: `30d`, but `4w` for 28 days.
 */
export function periodWindow(periodDays: number): string {
  if (periodDays % 365 === 0) return `${periodDays / 365}y`;
  if (periodDays % 7 === 0) return `${periodDays / 7}w`;
  return `${periodDays}d`;
}
