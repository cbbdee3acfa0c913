/**
 * Site packages for the SLO gate's end-to-end tests, as expand-provisioning-request leaves them
 * for inject-ocloud-targeting: an OCloud, a seed-dialect TemplateInfo naming a 5g-ran-du version,
 * one request, and under `generated/o2ims/<request>/` a Deployment that can hold a 99.9% SLO
 * (replicas, spread across nodes), a PodMonitor and a PrometheusRule holding Sloth's rules with the
 * labels the render puts on them. The Kptfile's pipeline is inject alone, with the gate settings
 * as its ConfigMap: the rest of the render is expand's, which these files stand in for.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { type RuleGroup, podMonitor, prometheusRule, slothRuleGroups } from '@focom/observability';
import { type SloSpec } from '@focom/domain';

export const NAMESPACE = 'o2ims';
export const OBJECTIVE = 99.9;

export interface GateSite {
  request: string;
  /** `5g-ran-du@<version>` the generated resources carry. */
  template: string;
  /** The version rendered before this one (`focom.nephio.org/previous-template`), after an upgrade. */
  previous?: string;
  slos: string[];
  /** Replicas of the DU (2 holds a 99.9% objective; 1 does not). */
  replicas?: number;
}

/** The SLO as a template declares it: its SLI counts the site's requests and errors. */
export function gateSloSpec(slo: string, request: string): SloSpec {
  const sel = `{site="${request}", slo="${slo}"}`;
  return {
    name: slo,
    objective: OBJECTIVE,
    description: `${slo} of ${request}`,
    sli: {
      errorQuery: `sum(rate(focom_test_errors_total${sel}[{{.window}}]))`,
      totalQuery: `sum(rate(focom_test_requests_total${sel}[{{.window}}]))`,
    },
  };
}

/** Sloth's rule groups of a site, labelled as the render labels them (alerts also carry the template). */
export function gateRuleGroups(site: Pick<GateSite, 'request' | 'slos'> & { template?: string }): RuleGroup[] {
  const labels = { focom_request: site.request, focom_ocloud: 'edge-ocloud' };
  return site.slos.flatMap((slo) =>
    slothRuleGroups(gateSloSpec(slo, site.request), { service: site.request, labels, periodDays: 30 }).map((group) => ({
      ...group,
      rules: group.rules.map((rule) =>
        'alert' in rule && site.template ? { ...rule, labels: { ...rule.labels, focom_template: site.template } } : rule,
      ),
    })),
  );
}

/** The files of the site's generated folder, path to YAML text. */
export function generatedFiles(site: GateSite): Record<string, string> {
  const dir = `generated/${NAMESPACE}/${site.request}`;
  const stamp = (object: Record<string, unknown>): Record<string, unknown> => {
    const metadata = object.metadata as Record<string, unknown>;
    return {
      ...object,
      metadata: {
        ...metadata,
        labels: { ...(metadata.labels as object), 'focom.nephio.org/provisioning-request': site.request },
        annotations: {
          'focom.nephio.org/template': site.template,
          ...(site.previous ? { 'focom.nephio.org/previous-template': site.previous } : {}),
        },
      },
    };
  };
  const workload = {
    name: site.request,
    namespace: 'ran-workloads',
    podLabels: { app: 'ran-du' },
    selectorLabels: { release: 'kube-prometheus-stack' },
  };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'ran-du' },
    spec: {
      replicas: site.replicas ?? 2,
      selector: { matchLabels: { app: 'ran-du' } },
      template: {
        metadata: { labels: { app: 'ran-du' } },
        spec: {
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'DoNotSchedule',
              labelSelector: { matchLabels: { app: 'ran-du' } },
            },
          ],
          containers: [{ name: 'du', image: `registry.example.com/ran-du:${site.template.split('@v')[1]}` }],
        },
      },
    },
  };
  const monitor = podMonitor(workload, { port: 'metrics', path: '/metrics', interval: '30s', scheme: 'http' });
  const rule = prometheusRule(workload, gateRuleGroups(site));
  return {
    [`${dir}/deployment_ran-du.yaml`]: stringify(stamp(deployment)),
    [`${dir}/podmonitor_${site.request}-metrics.yaml`]: stringify(stamp(monitor)),
    [`${dir}/prometheusrule_${site.request}-slos.yaml`]: stringify(stamp(rule)),
  };
}

/** The whole package: Kptfile (inject with `config`), OCloud, TemplateInfo, request, generated files. */
export function gatePackageFiles(name: string, site: GateSite, config: Record<string, string> = {}): Record<string, string> {
  const version = site.template.split('@')[1];
  return {
    Kptfile: stringify({
      apiVersion: 'kpt.dev/v1',
      kind: 'Kptfile',
      metadata: { name, annotations: { 'config.kubernetes.io/local-config': 'true' } },
      pipeline: {
        mutators: [
          {
            exec: './bin/inject-ocloud-targeting',
            configMap: { sloMaxObservationAge: '15m', ...config },
          },
        ],
      },
    }),
    'ocloud.yaml': stringify({
      apiVersion: 'focom.nephio.org/v1alpha1',
      kind: 'OCloud',
      metadata: { name: 'edge-ocloud', namespace: NAMESPACE },
      spec: { endpoint: 'https://172.16.4.45:6443', secretRef: { name: 'edge-kubeconfig', namespace: NAMESPACE } },
    }),
    'template-info.yaml': stringify({
      apiVersion: 'focom.nephio.org/v1alpha1',
      kind: 'TemplateInfo',
      metadata: { name: 'edge-template', namespace: NAMESPACE },
      spec: { template: '5g-ran-du', templateVersion: version, parameters: { namespace: 'ran-workloads', replicas: site.replicas ?? 2 } },
    }),
    'provisioning-request.yaml': stringify({
      apiVersion: 'focom.nephio.org/v1alpha1',
      kind: 'FocomProvisioningRequest',
      metadata: { name: site.request, namespace: NAMESPACE },
      spec: { ocloudRef: { name: 'edge-ocloud' }, templateRef: { name: 'edge-template' }, parameters: {} },
    }),
    ...generatedFiles(site),
  };
}

export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** What expand does on an upgrade, by hand: the generated folder replaced, the TemplateInfo naming the new version. */
export function upgradeTo(dir: string, site: GateSite): void {
  rmSync(join(dir, 'generated'), { recursive: true, force: true });
  const files = gatePackageFiles('unused', site);
  writeFiles(dir, { 'template-info.yaml': files['template-info.yaml'], ...generatedFiles(site) });
}
