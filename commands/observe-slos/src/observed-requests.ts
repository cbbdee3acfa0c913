/**
 * What there is to observe in a package: each FocomProvisioningRequest (either dialect), the
 * template version its generated resources carry, and the SLOs its generated PrometheusRule
 * objects declare. Everything is read from the rendered package itself (the `sloth_*` labels of
 * the rules, the `focom.nephio.org/template` annotation), never from a template, so it holds
 * whatever way a template declares its SLOs.
 */
import type { KrmItem } from '@focom/krm-runtime';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { isPlainObject } from '@focom/krm-runtime';
import { compareRequests, requestDir } from '@focom/domain';
import { compareCodePoints } from '@focom/domain';
import { readFocomModel } from '@focom/domain';
import { REQUEST_KIND, TEMPLATE_ANNOTATION } from '@focom/domain';
import { MONITORING_API_VERSION } from '@focom/observability';
import { generatedDigest } from '@focom/observability';

/** One SLO of a request, as its generated rules label it. */
export interface ObservedSlo {
  /** `sloth_service`: the request's name in rules this project generates. */
  service: string;
  /** `sloth_slo`. */
  slo: string;
  /** `sloth_id`. */
  id: string;
  /** The labels of its `sloth_slo_info` rule: the series Prometheus records while these rules are loaded. */
  infoLabels?: Record<string, string>;
}

export interface ObservedRequest {
  name: string;
  namespace: string;
  /** `<template>@<version>` of its generated resources; absent before the first render. */
  template?: string;
  /** `generatedDigest` of its generated resources; absent before the first render. */
  digest?: string;
  /** Sorted by service, then SLO name. */
  slos: ObservedSlo[];
  /** The names of its burn-rate alerts (rules with a `sloth_severity` label), sorted. */
  alertNames: string[];
}

const PROMETHEUS_RULE_KIND = 'PrometheusRule';

/** The requests of a package with their SLOs, sorted by namespace and name. */
export function observedRequests(items: readonly KrmItem[]): Outcome<ObservedRequest[]> {
  const { model, results } = readFocomModel(items);
  // Only requests matter here; a broken TemplateInfo or OCloud is the render's to report.
  const unreadable = results.find((r) => r.severity === 'error' && r.resourceRef?.kind === REQUEST_KIND);
  if (unreadable) {
    const where = unreadable.file ? `${unreadable.file.path}: ` : '';
    return fail(
      `${where}${unreadable.resourceRef?.kind ?? 'resource'} ${unreadable.resourceRef?.name ?? ''} cannot be read: ${unreadable.field ? `${unreadable.field.path} ` : ''}${unreadable.message}`,
    );
  }
  const requests: ObservedRequest[] = [];
  for (const request of [...model.requests].sort(compareRequests)) {
    const folder = `${requestDir(request)}/`;
    const generated = items.filter((item) => (item.fileRef?.path ?? '').startsWith(folder));
    const template = templateOf(generated, request.name);
    if (!template.ok) return template;
    const rules = generated.filter((item) => item.kind === PROMETHEUS_RULE_KIND && item.apiVersion === MONITORING_API_VERSION);
    const { slos, alertNames } = slosOf(rules);
    const observed: ObservedRequest = { name: request.name, namespace: request.namespace, slos, alertNames };
    if (template.value !== undefined) observed.template = template.value;
    if (generated.length > 0)
      observed.digest = generatedDigest(generated.map((item) => ({ path: item.fileRef?.path ?? item.name, object: item.object })));
    requests.push(observed);
  }
  return succeed(requests);
}

/** The one template version a request's generated resources carry; resources that disagree are an error. */
function templateOf(generated: readonly KrmItem[], request: string): Outcome<string | undefined> {
  const files = new Map<string, string[]>();
  for (const item of generated) {
    const value = item.annotations[TEMPLATE_ANNOTATION];
    if (value === undefined) continue;
    files.set(value, [...(files.get(value) ?? []), item.fileRef?.path ?? item.name]);
  }
  const values = [...files.keys()].sort(compareCodePoints);
  if (values.length <= 1) return succeed(values[0]);
  const listed = values.map((v) => `${v} (${[...files.get(v)!].sort(compareCodePoints).join(', ')})`).join('; ');
  return fail(
    `the generated resources of request ${request} disagree on their ${TEMPLATE_ANNOTATION} annotation: ${listed}; render the package again before observing it`,
  );
}

function slosOf(rules: readonly KrmItem[]): { slos: ObservedSlo[]; alertNames: string[] } {
  const slos = new Map<string, ObservedSlo>();
  const alertNames = new Set<string>();
  for (const item of rules) {
    const groups = item.getIn(['spec', 'groups']);
    if (!Array.isArray(groups)) continue;
    for (const group of groups) {
      const list: unknown = isPlainObject(group) ? group.rules : undefined;
      if (!Array.isArray(list)) continue;
      for (const rule of list) {
        if (!isPlainObject(rule) || !isPlainObject(rule.labels)) continue;
        const labels = stringLabels(rule.labels);
        if (typeof rule.alert === 'string' && (labels.sloth_severity === 'page' || labels.sloth_severity === 'ticket'))
          alertNames.add(rule.alert);
        const { sloth_service: service, sloth_slo: slo, sloth_id: id } = labels;
        if (typeof rule.record !== 'string' || !service || !slo || !id) continue;
        const key = `${service}\u0000${slo}`;
        const entry = slos.get(key) ?? { service, slo, id };
        if (rule.record === 'sloth_slo_info') entry.infoLabels = labels;
        slos.set(key, entry);
      }
    }
  }
  return {
    slos: [...slos.values()].sort((a, b) => compareCodePoints(a.service, b.service) || compareCodePoints(a.slo, b.slo)),
    alertNames: [...alertNames].sort(compareCodePoints),
  };
}

function stringLabels(value: Record<string, unknown>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string') labels[key] = v;
  return labels;
}
