/**
 * Rendered site packages with SLOs, as the render leaves them: requests of both dialects, and
 * under `generated/<ns>/<request>/` a Deployment and a PrometheusRule holding Sloth's rules, both
 * annotated with the template version. Written as files (for the command) or read as items.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { KrmItem } from '@focom/krm-runtime';
import { type RuleGroup, prometheusRule, slothRuleGroups } from '@focom/observability';
import { type SloSpec } from '@focom/domain';

export interface Site {
  request: string;
  namespace?: string;
  dialect?: 'seed' | 'upstream';
  /** `<template>@<version>`; none: the request was never rendered. */
  template?: string;
  /** SLO names; each gets an SLI on `focom_test_errors_total` / `focom_test_requests_total` of the site. */
  slos?: string[];
}

export const OBJECTIVE = 99.9;

/** The SLO as a template would declare it: its SLI counts this site's requests and errors. */
export function sloSpec(slo: string, site: Site): SloSpec {
  const sel = `{site="${site.request}", slo="${slo}"}`;
  return {
    name: slo,
    objective: OBJECTIVE,
    description: `${slo} of ${site.request}`,
    sli: {
      errorQuery: `sum(rate(focom_test_errors_total${sel}[{{.window}}]))`,
      totalQuery: `sum(rate(focom_test_requests_total${sel}[{{.window}}]))`,
    },
  };
}

/** Sloth's rule groups of every SLO of a site, as the generated PrometheusRule holds them. */
export function ruleGroups(site: Site): RuleGroup[] {
  const labels = { focom_request: site.request, focom_ocloud: 'edge-ocloud', focom_template: site.template ?? 'none' };
  return (site.slos ?? []).flatMap((slo) => slothRuleGroups(sloSpec(slo, site), { service: site.request, labels, periodDays: 30 }));
}

/** The package's files, path to YAML text. */
export function packageFiles(name: string, sites: readonly Site[]): Record<string, string> {
  const files: Record<string, string> = {
    Kptfile: stringify({
      apiVersion: 'kpt.dev/v1',
      kind: 'Kptfile',
      metadata: { name, annotations: { 'config.kubernetes.io/local-config': 'true' } },
    }),
    'ocloud.yaml': stringify({
      apiVersion: 'focom.nephio.org/v1alpha1',
      kind: 'OCloud',
      metadata: { name: 'edge-ocloud', namespace: 'o2ims' },
      spec: { endpoint: 'https://172.16.4.45:6443', secretRef: { name: 'edge-kubeconfig', namespace: 'o2ims' } },
    }),
  };
  for (const site of sites) {
    const namespace = site.namespace ?? 'o2ims';
    const [template, version] = (site.template ?? '5g-ran-du@v1.0.0').split('@');
    files[`${site.request}.yaml`] = stringify(
      site.dialect === 'upstream'
        ? {
            apiVersion: 'focom.nephio.org/v1alpha1',
            kind: 'FocomProvisioningRequest',
            metadata: { name: site.request, namespace },
            spec: {
              oCloudId: 'edge-ocloud',
              oCloudNamespace: 'o2ims',
              templateName: template,
              templateVersion: version,
              templateParameters: { replicas: 2 },
            },
          }
        : {
            apiVersion: 'focom.nephio.org/v1alpha1',
            kind: 'FocomProvisioningRequest',
            metadata: { name: site.request, namespace },
            spec: { ocloudRef: { name: 'edge-ocloud' }, templateRef: { name: 'edge-template' }, parameters: { replicas: 2 } },
          },
    );
    if (site.template === undefined) continue;
    const dir = `generated/${namespace}/${site.request}`;
    const stamp = {
      labels: { 'focom.nephio.org/provisioning-request': site.request },
      annotations: { 'focom.nephio.org/template': site.template },
    };
    files[`${dir}/deployment_ran-du.yaml`] = stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'ran-du', namespace: 'ran', ...stamp },
      spec: { replicas: 2 },
    });
    if ((site.slos ?? []).length === 0) continue;
    const rule = prometheusRule(
      { name: site.request, namespace: 'ran', podLabels: { app: 'ran-du' }, selectorLabels: { release: 'kube-prometheus-stack' } },
      ruleGroups(site),
    ) as { metadata: Record<string, unknown> };
    rule.metadata = { ...rule.metadata, labels: { ...(rule.metadata.labels as object), ...stamp.labels }, annotations: stamp.annotations };
    files[`${dir}/prometheusrule_${site.request}-slos.yaml`] = stringify(rule);
  }
  return files;
}

export function writePackage(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** The package's resources as items, with kpt's path annotations, as the command reads them. */
export function packageItems(files: Readonly<Record<string, string>>): KrmItem[] {
  return Object.entries(files).flatMap(([path, text]) => {
    const object = parse(text) as Record<string, unknown> & { metadata: Record<string, unknown> };
    const annotations = {
      ...(object.metadata.annotations as object),
      'config.kubernetes.io/path': path,
      'config.kubernetes.io/index': '0',
    };
    return [KrmItem.fromObject({ ...object, metadata: { ...object.metadata, annotations } })];
  });
}
