import { type ConfigField, type ConfigSpec, oneOf } from '../../lib/src';
import { UNKNOWN_TEMPLATE_FIELD, type UnknownTemplatePolicy } from '../../lib/src/focom';
import {
  DEFAULT_MONITORING,
  DEFAULT_MONITORING_LABELS,
  GATE_CONFIG_FIELDS,
  type GateConfig,
  type MonitoringSettings,
  parseLabelList,
  validateGateConfig,
} from '../../lib/src/observability';

/** The SLO gate's keys too: with sloRollback on, expand renders the version the gate rolls back to. */
export interface ExpandProvisioningRequestSettings extends GateConfig {
  unknownTemplate: UnknownTemplatePolicy;
  monitoringLabels: Record<string, string>;
  sloPeriod: '30d' | '28d';
}

const MONITORING_LABELS: ConfigField<Record<string, string>> = {
  description:
    'Labels on every generated PodMonitor and PrometheusRule, so that Prometheus selects them (its podMonitorSelector and ruleSelector).',
  allowed: 'label=value pairs separated by commas',
  default: { ...DEFAULT_MONITORING.selectorLabels },
  defaultText: DEFAULT_MONITORING_LABELS,
  expected: `label=value pairs separated by commas, e.g. ${DEFAULT_MONITORING_LABELS}`,
  parse: parseLabelList,
};

export const EXPAND_CONFIG: ConfigSpec<ExpandProvisioningRequestSettings> = {
  typedKind: 'ExpandProvisioningRequestConfig',
  fields: {
    unknownTemplate: UNKNOWN_TEMPLATE_FIELD,
    monitoringLabels: MONITORING_LABELS,
    sloPeriod: oneOf(['30d', '28d'], '30d', 'The SLO period of the generated rules (28d uses the same burn-rate factors as 30d).'),
    ...GATE_CONFIG_FIELDS,
  },
  validate: validateGateConfig,
};

export function monitoringSettings(settings: ExpandProvisioningRequestSettings): MonitoringSettings {
  return { selectorLabels: settings.monitoringLabels, periodDays: settings.sloPeriod === '28d' ? 28 : 30 };
}
