/**
 * The monitoring objects one request renders to: a PodMonitor that scrapes exactly the pods of
 * the template's monitored workload, and a PrometheusRule with Sloth's rules for each SLO. The
 * declaration comes with its placeholders already filled in (see renderTemplate).
 */
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { getPath, isPlainObject } from '@focom/krm-runtime';
import { type MonitoredWorkload, podMonitor, prometheusRule } from './monitoring-objects';
import type { MonitoringSettings } from '@focom/domain';
import { queryShapeProblem } from '@focom/domain';
import type { SloSpec } from '@focom/domain';
import { type RuleGroup, checkedSlothRuleGroups } from './sloth-rules';
import { DESCRIPTION_BRACES, OBSERVABILITY_PATH, type ObservabilityDeclaration, SCRAPE_INTERVAL } from '@focom/domain';

type Json = Record<string, unknown>;

/** Who the rules are about: their labels, and Sloth's service. */
export interface MonitoringContext {
  request: string;
  ocloud: string;
  /** `<template>@<version>`: on alerts and sloth_slo_info only, so an upgrade keeps the SLO's series continuous. */
  template: string;
  settings: MonitoringSettings;
}

/** Labels on every rule (Sloth's SLO labels) and on the alerts alone. */
export const REQUEST_RULE_LABEL = 'focom_request';
export const OCLOUD_RULE_LABEL = 'focom_ocloud';
export const TEMPLATE_RULE_LABEL = 'focom_template';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

export function requestMonitoring(filled: ObservabilityDeclaration, objects: readonly Json[], context: MonitoringContext): Outcome<Json[]> {
  const slos: SloSpec[] = [];
  for (const [index, slo] of filled.slos.entries()) {
    const path = `${OBSERVABILITY_PATH}.slos[${index}]`;
    if (typeof slo.objective !== 'number' || !(slo.objective > 0 && slo.objective < 100))
      return fail(
        `SLO "${slo.name}": ${path}.objective is ${JSON.stringify(slo.objective)} once the parameters are filled in; it must be a percentage above 0 and below 100`,
      );
    if (typeof slo.description !== 'string' || /\{\{|\}\}/.test(slo.description))
      return fail(`SLO "${slo.name}": ${path}.description ${DESCRIPTION_BRACES} (once the parameters are filled in)`);
    for (const key of ['errorQuery', 'totalQuery'] as const) {
      const problem = queryShapeProblem(slo.sli[key]);
      if (problem) return fail(`SLO "${slo.name}": ${path}.sli.${key} ${problem} once the parameters are filled in`);
    }
    const spec: SloSpec = { name: slo.name, objective: slo.objective, description: slo.description, sli: { ...slo.sli } };
    if (slo.alertName !== undefined) spec.alertName = slo.alertName;
    slos.push(spec);
  }

  const out: Json[] = [];
  let namespace = workloads(objects)
    .map((w) => namespaceOf(w))
    .find((n) => n !== undefined);
  if (filled.metrics) {
    const { port } = filled.metrics;
    const exposing = workloads(objects).filter((w) => containerPortNames(w).includes(port));
    if (exposing.length !== 1) {
      const found = exposing.length === 0 ? 'none does' : `${exposing.map(describe).join(' and ')} do`;
      return fail(
        `${OBSERVABILITY_PATH}.metrics.port names container port "${port}", which exactly one Deployment, StatefulSet or DaemonSet of the template must declare; ${found}`,
      );
    }
    const workload = exposing[0];
    const podLabels = getPath(workload, 'spec', 'selector', 'matchLabels');
    namespace = namespaceOf(workload);
    if (!isPlainObject(podLabels) || Object.keys(podLabels).length === 0 || namespace === undefined)
      return fail(
        `${describe(workload)} must have a namespace and spec.selector.matchLabels for its PodMonitor to select exactly its pods`,
      );
    const { interval, scheme, path } = filled.metrics;
    if (!SCRAPE_INTERVAL.test(interval))
      return fail(`${OBSERVABILITY_PATH}.metrics.interval is ${JSON.stringify(interval)}; it must be a duration such as 30s`);
    if (scheme !== 'http' && scheme !== 'https')
      return fail(`${OBSERVABILITY_PATH}.metrics.scheme is ${JSON.stringify(scheme)}; it must be http or https`);
    out.push(podMonitor(monitored(context, namespace, podLabels as Record<string, string>), { port, path, interval, scheme }));
  }
  if (slos.length > 0) {
    if (namespace === undefined)
      return fail('the template declares SLOs but renders no namespaced workload to put its PrometheusRule beside');
    const labels = { [REQUEST_RULE_LABEL]: context.request, [OCLOUD_RULE_LABEL]: context.ocloud };
    const target = {
      service: context.request,
      labels,
      versionLabels: { [TEMPLATE_RULE_LABEL]: context.template },
      periodDays: context.settings.periodDays,
    };
    const groups: RuleGroup[] = [];
    for (const [index, slo] of slos.entries()) {
      const rules = checkedSlothRuleGroups(slo, target);
      if (!rules.ok) return fail(`SLO "${slo.name}" (${OBSERVABILITY_PATH}.slos[${index}]) cannot have its rules: ${rules.reason}`);
      groups.push(...rules.value);
    }
    out.push(prometheusRule(monitored(context, namespace, {}), groups));
  }
  return succeed(out);
}

function monitored(context: MonitoringContext, namespace: string, podLabels: Record<string, string>): MonitoredWorkload {
  return { name: context.request, namespace, podLabels, selectorLabels: context.settings.selectorLabels };
}

function workloads(objects: readonly Json[]): Json[] {
  return objects.filter((o) => WORKLOAD_KINDS.has(String(o.kind)));
}

function containerPortNames(workload: Json): string[] {
  const containers = getPath(workload, 'spec', 'template', 'spec', 'containers');
  if (!Array.isArray(containers)) return [];
  return containers.flatMap((c) => {
    const ports = getPath(c, 'ports');
    return Array.isArray(ports) ? ports.map((p) => getPath(p, 'name')).filter((n): n is string => typeof n === 'string') : [];
  });
}

function namespaceOf(object: Json): string | undefined {
  const namespace = getPath(object, 'metadata', 'namespace');
  return typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
}

function describe(object: Json): string {
  return `${String(object.kind)} ${String(getPath(object, 'metadata', 'name'))}`;
}
