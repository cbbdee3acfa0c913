/**
 * Prometheus rules for an SLO, equal to what Sloth v0.16 (github.com/slok/sloth, prometheus/v1
 * spec) generates for the same SLO: the same record names, label sets, windows, burn factors and
 * alert expressions, so Sloth's Grafana dashboards and a team's alert routing work unchanged
 * (test/observability/sloth-comparison.test.ts compares them with `sloth generate`'s).
 *
 * Names and values reach the rules as data, never as syntax: label values in the alerts'
 * selectors are PromQL string literals (Go escapes), values in alert labels and annotations
 * (which Prometheus expands as Go templates) have their braces written as template text, and
 * `checkedSlothRuleGroups` parses every expression it writes and reads the selectors back.
 */
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { fillWindow } from '@focom/domain';
import { labelValueProblem, promqlString, promqlSyntaxProblem, vectorSelectors } from '@focom/domain';
import {
  PAGE_WINDOWS,
  SLI_WINDOWS,
  type BurnWindow,
  type SloSpec,
  type SloTarget,
  TICKET_WINDOWS,
  burnFactor,
  periodWindow,
} from '@focom/domain';
import { goFloat } from './go-float';

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
  return `{sloth_id=${promqlString(slothId(service, slo))}, sloth_service=${promqlString(service)}, sloth_slo=${promqlString(slo)}}`;
}

/**
 * `value` as literal text of a Go template (alert labels and annotations): when it holds `{{`,
 * each `{` becomes the action `{{"{"}}`, which prints a brace, so no action starts in it.
 */
export function goTemplateText(value: string): string {
  return value.includes('{{') ? value.replace(/\{/g, '{{"{"}}') : value;
}

function templateLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).map(([name, value]) => [name, goTemplateText(value)]));
}

/** Sloth's SLI expression: the error query over the total query for one window. */
function sliExpression(spec: SloSpec, window: string): string {
  return `(${fillWindow(spec.sli.errorQuery, window)})\n/\n(${fillWindow(spec.sli.totalQuery, window)})\n`;
}

/** The alerts' name: the SLO's own `alertName`, or its name in upper camel case followed by `SLOBurnRate`. */
export function alertName(spec: SloSpec): string {
  if (spec.alertName) return spec.alertName;
  const camel = spec.name.replace(/(^|[-_\s]+)([a-z0-9])/gi, (_match, _separator: string, letter: string) => letter.toUpperCase());
  return `${camel}SLOBurnRate`;
}

/**
 * Sloth v0.16's multi-window multi-burn-rate condition. Each side is `max(...) without
 * (sloth_window)`, so the alert's labels are the SLO's without the window: it stays one alert
 * while the pair that burns changes (Sloth before v0.11 kept `sloth_window`, and its alerts
 * resolved and fired again when the firing pair changed).
 */
function burnCondition(windows: readonly BurnWindow[], sel: string, budget: number, periodDays: number): string {
  const over = (window: string, factor: string): string =>
    `max(slo:sli_error:ratio_rate${window}${sel} > (${factor} * ${goFloat(budget)})) without (sloth_window)`;
  const pair = (w: BurnWindow): string => {
    const factor = goFloat(burnFactor(w, periodDays));
    return `(\n    ${over(w.short, factor)}\n    and\n    ${over(w.long, factor)}\n)`;
  };
  return `${windows.map(pair).join('\nor\n')}\n`;
}

/** The three rule groups Sloth writes for one SLO: SLI recordings, metadata recordings, alerts. */
export function slothRuleGroups(spec: SloSpec, target: SloTarget): RuleGroup[] {
  const { service, periodDays } = target;
  const id = slothId(service, spec.name);
  const sel = selector(service, spec.name);
  const base = { ...target.labels, sloth_id: id, sloth_service: service, sloth_slo: spec.name };
  const objectiveRatio = spec.objective / 100;
  const budget = (100 - spec.objective) / 100;
  const period = periodWindow(periodDays);

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
    { record: 'slo:objective:ratio', expr: `vector(${goFloat(objectiveRatio)})`, labels: { ...base } },
    { record: 'slo:error_budget:ratio', expr: `vector(1-${goFloat(objectiveRatio)})`, labels: { ...base } },
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
    expr: burnCondition(windows, sel, budget, periodDays),
    labels: templateLabels({ ...target.labels, ...target.versionLabels, sloth_severity: severity }),
    annotations: {
      summary: `${goTemplateText(spec.description)} (SLO ${goTemplateText(spec.name)}, objective ${spec.objective}%)`,
      title: `(${severity}) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.`,
    },
  });

  return [
    { name: `sloth-slo-sli-recordings-${id}`, rules: sli },
    { name: `sloth-slo-meta-recordings-${id}`, rules: meta },
    { name: `sloth-slo-alerts-${id}`, rules: [alert('page', PAGE_WINDOWS), alert('ticket', TICKET_WINDOWS)] },
  ];
}

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ALERT_NAME = /^[A-Za-z_:][A-Za-z0-9_:]*$/;

/** Why the SLO's names, labels or numbers cannot go into rules, naming the field; or undefined. */
function targetProblem(spec: SloSpec, target: SloTarget): string | undefined {
  const values: Array<[string, string]> = [
    ['the service (sloth_service)', target.service],
    ['the SLO name (sloth_slo)', spec.name],
    ...Object.entries({ ...target.labels, ...target.versionLabels }).map(([name, value]): [string, string] => [`label ${name}`, value]),
    // The description is an annotation's value, which Prometheus takes as UTF-8 alike.
    ['the description', spec.description],
  ];
  for (const [what, value] of values) {
    const problem = labelValueProblem(value);
    if (problem) return `${what} ${JSON.stringify(value)} ${problem}`;
  }
  const badName = Object.keys({ ...target.labels, ...target.versionLabels }).find((name) => !LABEL_NAME.test(name));
  if (badName !== undefined) return `label name ${JSON.stringify(badName)} is not a Prometheus label name`;
  if (!ALERT_NAME.test(alertName(spec)))
    return `the alert name ${JSON.stringify(alertName(spec))} (from the SLO name ${JSON.stringify(spec.name)}) is not a Prometheus alert name; set alertName`;
  if (!(Number.isFinite(spec.objective) && spec.objective > 0 && spec.objective < 100))
    return `the objective ${spec.objective} is not a percentage above 0 and below 100`;
  if (!(Number.isInteger(target.periodDays) && target.periodDays > 0))
    return `the period ${target.periodDays} is not a whole number of days`;
  return undefined;
}

/** Why a written rule's expression is not what it is meant to be: not PromQL, or a selector that reads another SLO. */
function expressionProblem(rule: RecordingRule | AlertingRule, spec: SloSpec, target: SloTarget): string | undefined {
  const name = 'record' in rule ? `recording ${rule.record}` : `alert ${rule.alert}`;
  const syntax = promqlSyntaxProblem(rule.expr);
  if (syntax) return `the ${name} is not valid PromQL: ${syntax}`;
  const intended = [
    { name: 'sloth_id', op: '=', value: slothId(target.service, spec.name) },
    { name: 'sloth_service', op: '=', value: target.service },
    { name: 'sloth_slo', op: '=', value: spec.name },
  ];
  for (const selected of vectorSelectors(rule.expr)) {
    if (!selected.metric?.startsWith('slo:')) continue;
    if (JSON.stringify(selected.matchers) !== JSON.stringify(intended))
      return `the ${name} selects ${selected.metric} with ${JSON.stringify(selected.matchers)} instead of ${JSON.stringify(intended)}`;
  }
  return undefined;
}

/** `slothRuleGroups`, every expression parsed and every SLO selector read back; or why the SLO cannot have rules. */
export function checkedSlothRuleGroups(spec: SloSpec, target: SloTarget): Outcome<RuleGroup[]> {
  const problem = targetProblem(spec, target);
  if (problem) return fail(problem);
  const groups = slothRuleGroups(spec, target);
  for (const rule of groups.flatMap((g) => g.rules)) {
    const wrong = expressionProblem(rule, spec, target);
    if (wrong) return fail(wrong);
  }
  return succeed(groups);
}
