import { type ConfigField, type ConfigSpec, oneOf } from '@focom/krm-runtime';
import {
  type TemplateAllowList,
  UNKNOWN_TEMPLATE_FIELD,
  type UnknownTemplatePolicy,
  parseKindList,
  parseNamespaceList,
  parseTemplateList,
} from '@focom/domain';
import { GATE_CONFIG_FIELDS, type GateConfig, validateGateConfig } from '@focom/observability';
import { DEFAULT_MONITORING, DEFAULT_MONITORING_LABELS, type MonitoringSettings, functionConfigKind, parseLabelList } from '@focom/domain';

/** The SLO gate's keys too: with sloRollback on, expand renders the version the gate rolls back to. */
export interface ExpandProvisioningRequestSettings extends GateConfig {
  unknownTemplate: UnknownTemplatePolicy;
  monitoringLabels: Record<string, string>;
  sloPeriod: '30d' | '28d';
  templateAllowKinds: string[];
  templateAllowNamespaces: string[];
  trustedTemplates: string[];
}

function listField(description: string, allowed: string, expected: string, parse: ConfigField<string[]>['parse']): ConfigField<string[]> {
  return { description, allowed, default: [], defaultText: '', expected, parse };
}

/** Templates are untrusted: these keys widen what their generated objects may do, explicitly. */
const TEMPLATE_POLICY_FIELDS = {
  templateAllowKinds: listField(
    'Kinds a template may generate unchecked (e.g. ClusterRoleBinding, DaemonSet, or a cluster-scoped kind); by default RBAC, namespaces and Pod Security of every generated object are checked.',
    'kinds separated by commas',
    'Kubernetes kinds separated by commas, e.g. ClusterRoleBinding,DaemonSet',
    parseKindList,
  ),
  templateAllowNamespaces: listField(
    "Namespaces a template may write objects into (and generate a Namespace for, at any Pod Security level) besides the one its request's namespace parameter names; kube-* and default are refused unless named here.",
    'namespaces separated by commas',
    'namespace names separated by commas, e.g. monitoring',
    parseNamespaceList,
  ),
  trustedTemplates: listField(
    'Templates whose generated objects are not checked at all: name (every version) or name@version.',
    'template names separated by commas',
    'template names separated by commas, each optionally with @version, e.g. 5g-upf@v1.1.0',
    parseTemplateList,
  ),
} as const;

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
  typedKind: functionConfigKind('ExpandProvisioningRequestConfig'),
  fields: {
    unknownTemplate: UNKNOWN_TEMPLATE_FIELD,
    monitoringLabels: MONITORING_LABELS,
    sloPeriod: oneOf(['30d', '28d'], '30d', 'The SLO period of the generated rules (28d uses the same burn-rate factors as 30d).'),
    ...TEMPLATE_POLICY_FIELDS,
    ...GATE_CONFIG_FIELDS,
  },
  validate: validateGateConfig,
};

export function monitoringSettings(settings: ExpandProvisioningRequestSettings): MonitoringSettings {
  return { selectorLabels: settings.monitoringLabels, periodDays: settings.sloPeriod === '28d' ? 28 : 30 };
}

export function templateAllowList(settings: ExpandProvisioningRequestSettings): TemplateAllowList {
  return { kinds: settings.templateAllowKinds, namespaces: settings.templateAllowNamespaces, templates: settings.trustedTemplates };
}
