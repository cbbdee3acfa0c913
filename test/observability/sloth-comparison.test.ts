/**
 * The project's SLO rules against Sloth's own (`sloth generate`, the release build.sh's `sloth`
 * target caches), rule by rule, for every SLO the template library declares and for
 * CHECKOUT_REQUESTS, with a 30-day and a 28-day period. Sloth gets the SLOs as the templates
 * declare them (placeholders filled with the same parameters), the project's alert name and
 * summary, and the project's labels: `focom_request` and `focom_ocloud` as the SLO's labels (on
 * every rule), those and `focom_template` as the alerts' labels.
 *
 * The differences allowed, each on `sloth_slo_info` alone: `sloth_version` is `focom` (Sloth
 * writes its own version), and it carries `focom_template` (so that the info series says which
 * template version runs; Sloth puts only the SLO's labels there).
 *
 * Skipped when Sloth is not built (outside CI), with the command that builds it.
 */
import { KrmItem, type ResourceList } from '@focom/krm-runtime';
import { type SloSpec, type TemplateDefinition, mergeParameters, schemaDefaults, substitute, templateLibrary } from '@focom/domain';
import { expandProvisioningRequest } from '@focom/expand-provisioning-request';
import { locateSloth, slothBuildHint } from '@focom/cluster-harness';
import { slothRuleGroups } from '@focom/observability';
import { testRuleFile } from '@focom/test-support/promtool';
import { siteObjects } from '@focom/test-support/site-objects';
import { ALERT_ONCE_TEST, CHECKOUT_REQUESTS, type SlothGroup, type SlothRule, slothGenerate, slothSpec } from '@focom/test-support/sloth';

const sloth = locateSloth();
if (!sloth && process.env.CI) throw new Error(`Sloth is not built. ${slothBuildHint()}`);
const describeWithSloth = sloth ? describe : describe.skip;
const PERIODS = ['30d', '28d'];
const TEMPLATE_LABEL = 'focom_template';

/** The parameters each library template with SLOs is expanded with (rendered-slo-rules.test.ts uses the same). */
function parameters(template: TemplateDefinition): Record<string, unknown> {
  return template.name === '5g-upf'
    ? { namespace: 'edge', dnn: 'internet' }
    : { namespace: 'edge', replicas: 3, cpu_request: '1', memory_request: '1Gi' };
}

/** The rule groups expand-provisioning-request writes for the template with the SLO period. */
function projectGroups(template: TemplateDefinition, period: string): SlothGroup[] {
  const list: ResourceList = {
    apiVersion: 'config.kubernetes.io/v1',
    kind: 'ResourceList',
    seqIndent: 0,
    functionConfig: KrmItem.fromObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { sloPeriod: period } }),
    items: siteObjects(`${template.name}@${template.version}`, parameters(template), 'site-a').map((o) => KrmItem.fromObject(o)),
  };
  const outcome = expandProvisioningRequest.process(list);
  expect(outcome.results.filter((r) => r.severity === 'error')).toEqual([]);
  const rule = list.items.find((i) => i.kind === 'PrometheusRule');
  return (rule?.object as unknown as { spec: { groups: SlothGroup[] } }).spec.groups;
}

/** The template's SLOs as the render fills them in. */
function declaredSlos(template: TemplateDefinition): SloSpec[] {
  const filled = substitute(template.observability, mergeParameters(schemaDefaults(template.parameterSchema), parameters(template)));
  return (filled as { slos: SloSpec[] }).slos.map((slo) => ({
    name: slo.name,
    objective: slo.objective,
    description: slo.description,
    sli: slo.sli,
    ...(slo.alertName === undefined ? {} : { alertName: slo.alertName }),
  }));
}

function withoutKeys(record: Record<string, string> | undefined, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(record ?? {}).filter(([key]) => !keys.includes(key)));
}

/** The project's rule with the documented differences taken out (on sloth_slo_info: sloth_version and focom_template). */
function comparable(rule: SlothRule, slothVersion: string | undefined): SlothRule {
  if (rule.record !== 'sloth_slo_info') return rule;
  return { ...rule, labels: { ...withoutKeys(rule.labels, [TEMPLATE_LABEL]), sloth_version: slothVersion ?? '' } };
}

/** Each rule as `group / rule name`, for a failure that says which one differs. */
function byRule(groups: readonly SlothGroup[], slothVersion?: string): Array<[string, SlothRule]> {
  return groups.flatMap((g) =>
    g.rules.map((r): [string, SlothRule] => [
      `${g.name} / ${r.record ?? r.alert ?? '?'} ${r.labels?.sloth_window ?? r.labels?.sloth_severity ?? ''}`,
      slothVersion === undefined ? r : comparable(r, slothVersion),
    ]),
  );
}

function versionOf(groups: readonly SlothGroup[]): string | undefined {
  return groups.flatMap((g) => g.rules).find((r) => r.record === 'sloth_slo_info')?.labels?.sloth_version;
}

describeWithSloth(`the SLO rules compared with Sloth's${sloth ? '' : ` (skipped: ${slothBuildHint()})`}`, () => {
  const withSlos = [...templateLibrary().values()].filter((t) => (t.observability?.slos.length ?? 0) > 0);

  it.each(withSlos.flatMap((t) => PERIODS.map((period): [string, string, TemplateDefinition] => [`${t.name}@${t.version}`, period, t])))(
    '%s with sloPeriod %s: the rules Sloth writes, rule by rule',
    (_label, period, template) => {
      const ours = projectGroups(template, period);
      const sliLabels = ours[0].rules[0].labels ?? {};
      const alertLabels = ours.flatMap((g) => g.rules).find((r) => r.alert !== undefined)?.labels ?? {};
      const theirs = slothGenerate(
        sloth!,
        slothSpec(
          {
            service: sliLabels.sloth_service,
            labels: withoutKeys(sliLabels, ['sloth_id', 'sloth_service', 'sloth_slo', 'sloth_window']),
            alertLabels: withoutKeys(alertLabels, ['sloth_severity']),
          },
          declaredSlos(template),
        ),
        period,
      );
      expect(byRule(ours, versionOf(theirs))).toEqual(byRule(theirs));
    },
  );

  it.each(PERIODS)('the checkout SLO with a %s period: the same rules, and Sloth passes the promtool test the project passes', (period) => {
    const theirs = slothGenerate(sloth!, slothSpec({ service: 'checkout', labels: {}, alertLabels: {} }, [CHECKOUT_REQUESTS]), period);
    const ours = slothRuleGroups(CHECKOUT_REQUESTS, { service: 'checkout', labels: {}, periodDays: Number(period.slice(0, 2)) });
    expect(byRule(ours, versionOf(theirs))).toEqual(byRule(theirs));
    expect(testRuleFile(theirs, ALERT_ONCE_TEST)).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') as unknown });
  });
});
