/**
 * The SLOs a request declares, read back from its generated PrometheusRule items (Sloth's rules,
 * as `slothRuleGroups` writes them): the SLO's name (`sloth_slo`), its objective (the
 * `sloth_objective` label of `sloth_slo_info`) and its SLI (the expression of the 5-minute
 * `slo:sli_error:ratio_rate5m` recording, enough to know which metrics it reads). Read from the
 * rendered objects, never from a template, so it holds however a template declares its SLOs.
 */
import { compareCodePoints } from '@focom/domain';
import { isPlainObject } from '@focom/krm-runtime';
import { MONITORING_API_VERSION } from './monitoring-objects';
import type { SloSpec } from '@focom/domain';

const PROMETHEUS_RULE_KIND = 'PrometheusRule';

/** The SLOs the rules declare, by name; an SLO without a readable objective is left out (the rules are not Sloth's). */
export function declaredSlos(objects: readonly Record<string, unknown>[]): SloSpec[] {
  const found = new Map<string, { objective?: number; expr?: string }>();
  for (const object of objects) {
    if (object.kind !== PROMETHEUS_RULE_KIND || object.apiVersion !== MONITORING_API_VERSION) continue;
    const spec = object.spec;
    const groups = isPlainObject(spec) ? spec.groups : undefined;
    if (!Array.isArray(groups)) continue;
    for (const group of groups) {
      const rules: unknown = isPlainObject(group) ? group.rules : undefined;
      if (!Array.isArray(rules)) continue;
      for (const rule of rules) {
        if (!isPlainObject(rule) || !isPlainObject(rule.labels) || typeof rule.record !== 'string') continue;
        const slo = rule.labels.sloth_slo;
        if (typeof slo !== 'string' || slo === '') continue;
        const entry = found.get(slo) ?? {};
        if (rule.record === 'sloth_slo_info') {
          const objective = Number(rule.labels.sloth_objective);
          if (typeof rule.labels.sloth_objective === 'string' && Number.isFinite(objective)) entry.objective = objective;
        }
        if (rule.record === 'slo:sli_error:ratio_rate5m' && typeof rule.expr === 'string') entry.expr = rule.expr;
        found.set(slo, entry);
      }
    }
  }
  return [...found.entries()]
    .filter(([, entry]) => entry.objective !== undefined)
    .sort(([a], [b]) => compareCodePoints(a, b))
    .map(([name, entry]) => ({
      name,
      objective: entry.objective!,
      description: name,
      // The SLI as recorded for 5 minutes: error over total, which names every metric it reads.
      sli: { errorQuery: entry.expr ?? '', totalQuery: '' },
    }));
}
