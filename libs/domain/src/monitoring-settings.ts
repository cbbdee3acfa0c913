/**
 * How generated monitoring objects reach a Prometheus: the labels its selectors match (from
 * expand-provisioning-request's functionConfig) and the SLO period of the rules.
 */
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { SLO_PERIODS_DAYS } from './slo';

export interface MonitoringSettings {
  /** Labels on every PodMonitor and PrometheusRule, so that Prometheus selects them. */
  selectorLabels: Readonly<Record<string, string>>;
  periodDays: (typeof SLO_PERIODS_DAYS)[number];
}

/** What kube-prometheus-stack selects out of the box (its Helm release is usually named so). */
export const DEFAULT_MONITORING_LABELS = 'release=kube-prometheus-stack';

export const DEFAULT_MONITORING: Readonly<MonitoringSettings> = { selectorLabels: { release: 'kube-prometheus-stack' }, periodDays: 30 };

const LABEL_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** `release=kube-prometheus-stack,team=ran` into labels; the empty text is no labels. */
export function parseLabelList(text: string): Outcome<Record<string, string>> {
  const labels: Record<string, string> = {};
  if (text.trim() === '') return succeed(labels);
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    const name = (at < 0 ? pair : pair.slice(0, at)).trim();
    const value = at < 0 ? undefined : pair.slice(at + 1).trim();
    if (value === undefined || !LABEL_NAME.test(name) || !LABEL_VALUE.test(value))
      return fail(`label=value pairs separated by commas, e.g. ${DEFAULT_MONITORING_LABELS}; ${JSON.stringify(pair.trim())} is not one`);
    if (Object.prototype.hasOwnProperty.call(labels, name)) return fail(`label=value pairs naming each label once; ${name} appears twice`);
    Object.defineProperty(labels, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return succeed(labels);
}
