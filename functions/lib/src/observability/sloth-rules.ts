/**
 * Prometheus rules for an SLO, equal to what Sloth (github.com/slok/sloth, prometheus/v1 spec)
 * generates for the same SLO: the same record names, label sets, windows, burn factors and
 * alert expressions, so Sloth's Grafana dashboards and a team's alert routing work unchanged.
 */
import { PAGE_WINDOWS, SLI_WINDOWS, type BurnWindow, type SloSpec, type SloTarget, TICKET_WINDOWS } from './slo';

export interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: Array<RecordingRule | AlertingRule>;
}

/** Sloth's `sloth_id`: `<service>-<slo>`. */
export function slothId(service: string, slo: string): string {
  return `${service}-${slo}`;
}

/** The label selector Sloth puts on every rule that reads another SLO rule. */
function selector(service: string, slo: string): string {
  return `{sloth_id="${slothId(service, slo)}", sloth_service="${service}", sloth_slo="${slo}"}`;
}

/** Sloth's SLI expression: the error query over the total query for one window. */
function sliExpression(spec: SloSpec, window: string): string {
  const fill = (query: string): string => query.split('{{.window}}').join(window);
  return `(${fill(spec.sli.errorQuery)})\n/\n(${fill(spec.sli.totalQuery)})\n`;
}

/** The alerts' name: the SLO's own `alertName`, or its name in upper camel case followed by `SLOBurnRate`. */
export function alertName(spec: SloSpec): string {
  if (spec.alertName) return spec.alertName;
  const camel = spec.name.replace(/(^|[-_\s]+)([a-z0-9])/gi, (_match, _separator: string, letter: string) => letter.toUpperCase());
  return `${camel}SLOBurnRate`;
}

function burnCondition(windows: readonly BurnWindow[], sel: string, budget: number): string {
  const pair = (w: BurnWindow): string =>
    `(\n    (slo:sli_error:ratio_rate${w.short}${sel} > (${w.factor} * ${budget}))\n    and ignoring (sloth_window)\n    (slo:sli_error:ratio_rate${w.long}${sel} > (${w.factor} * ${budget}))\n)`;
  return `${windows.map(pair).join('\nor ignoring (sloth_window)\n')}\n`;
}

/** The three rule groups Sloth writes for one SLO: SLI recordings, metadata recordings, alerts. */
export function slothRuleGroups(spec: SloSpec, target: SloTarget): RuleGroup[] {
  const { service, periodDays } = target;
  const id = slothId(service, spec.name);
  const sel = selector(service, spec.name);
  const base = { ...target.labels, sloth_id: id, sloth_service: service, sloth_slo: spec.name };
  const objectiveRatio = spec.objective / 100;
  const budget = (100 - spec.objective) / 100;
  const period = `${periodDays}d`;

  const sli: RecordingRule[] = SLI_WINDOWS.map((window) => ({
    record: `slo:sli_error:ratio_rate${window}`,
    expr: sliExpression(spec, window),
    labels: { ...base, sloth_window: window },
  }));
  sli.push({
    record: `slo:sli_error:ratio_rate${period}`,
    expr: `sum_over_time(slo:sli_error:ratio_rate5m${sel}[${period}])\n/ ignoring (sloth_window)\ncount_over_time(slo:sli_error:ratio_rate5m${sel}[${period}])\n`,
    // Current Sloth labels the period rule like the others, so that two SLOs in one rule file do not
    // record the same series (promtool's duplicate-rules lint).
    labels: { ...base, sloth_window: period },
  });

  const meta: RecordingRule[] = [
    { record: 'slo:objective:ratio', expr: `vector(${objectiveRatio})`, labels: { ...base } },
    { record: 'slo:error_budget:ratio', expr: `vector(1-${objectiveRatio})`, labels: { ...base } },
    { record: 'slo:time_period:days', expr: `vector(${periodDays})`, labels: { ...base } },
    {
      record: 'slo:current_burn_rate:ratio',
      expr: `slo:sli_error:ratio_rate5m${sel}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${sel}\n`,
      labels: { ...base },
    },
    {
      record: 'slo:period_burn_rate:ratio',
      expr: `slo:sli_error:ratio_rate${period}${sel}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${sel}\n`,
      labels: { ...base },
    },
    { record: 'slo:period_error_budget_remaining:ratio', expr: `1 - slo:period_burn_rate:ratio${sel}`, labels: { ...base } },
    {
      record: 'sloth_slo_info',
      expr: 'vector(1)',
      labels: {
        ...base,
        ...target.versionLabels,
        sloth_mode: 'cli-gen-prom',
        sloth_objective: String(spec.objective),
        sloth_spec: 'prometheus/v1',
        sloth_version: 'focom',
      },
    },
  ];

  const alert = (severity: 'page' | 'ticket', windows: readonly BurnWindow[]): AlertingRule => ({
    alert: alertName(spec),
    expr: burnCondition(windows, sel, budget),
    labels: { ...target.labels, ...target.versionLabels, sloth_severity: severity },
    annotations: {
      summary: `${spec.description} (SLO ${spec.name}, objective ${spec.objective}%)`,
      title: `(${severity}) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.`,
    },
  });

  return [
    { name: `sloth-slo-sli-recordings-${id}`, rules: sli },
    { name: `sloth-slo-meta-recordings-${id}`, rules: meta },
    { name: `sloth-slo-alerts-${id}`, rules: [alert('page', PAGE_WINDOWS), alert('ticket', TICKET_WINDOWS)] },
  ];
}
