/**
 * The names the functions derive from a request's and an OCloud's names, checked against
 * Kubernetes' rules (see kubernetes-names) before anything is rendered, so that no render writes
 * an object, label, annotation key, condition type or file path a cluster would reject. A kpt
 * package can hold any name; Kubernetes itself would refuse these objects on the SMO.
 *
 * What a name must be, and what it names:
 * - a request's name: a DNS-1123 subdomain (253), as Kubernetes requires of the request itself. It
 *   names the folder `generated/<namespace>/<name>/`, the Kptfile conditions
 *   (`...FocomProvisioningRequest.<name>`), the SLO gate record and the monitoring objects
 *   (`<name>-metrics`, `<name>-slos`, so at most 245 characters when the template monitors).
 *   Where it is a label value (the request label, the delivery object's name that Flux and Argo CD
 *   put in a label) a name longer than 63 characters is shortened with a hash (labelValueOf).
 * - a request's and an OCloud's namespace: a DNS-1123 label (63); it names a folder.
 * - an OCloud's name: a DNS-1123 subdomain; in label values it is shortened as above.
 * - a TemplateInfo's name and namespace: as the request's; nothing is named after it, but the
 *   SMO would refuse it, so its requests are not expanded.
 * - an OCloud's kubeconfig Secret: its name a DNS-1123 subdomain, its namespace a DNS-1123 label
 *   (it names the delivery folder `delivery/<namespace>/` and the delivery object's namespace).
 */
import { dns1123LabelProblem, dns1123SubdomainProblem } from '@focom/krm-runtime';
import type { KrmItem } from '@focom/krm-runtime';
import { type Result, errorResult } from '@focom/krm-runtime';
import type { FocomModel, OCloud, ProvisioningRequest, TemplateInfo } from './model';
import type { TemplateDefinition } from './template';
import { GENERATED_DIR } from './vocabulary';

export interface DerivedNameCheck {
  /** One error per name that cannot be used, on the field that holds it. */
  results: Result[];
  /** Requests whose name or namespace cannot name what they generate: they are left out. */
  unusableRequests: Set<ProvisioningRequest>;
  /** OClouds whose names cannot be used: their requests are not expanded. */
  unusableOClouds: Set<OCloud>;
  /** TemplateInfos the SMO would refuse for their names: their requests are not expanded. */
  unusableTemplateInfos: Set<TemplateInfo>;
}

/** The longest suffix the monitoring objects add to a request's name (`-metrics`). */
const MONITORING_SUFFIXES = ['-metrics', '-slos'] as const;

export function checkDerivedNames(model: FocomModel): DerivedNameCheck {
  const check: DerivedNameCheck = {
    results: [],
    unusableRequests: new Set(),
    unusableOClouds: new Set(),
    unusableTemplateInfos: new Set(),
  };
  for (const request of model.requests) {
    const problems = [
      nameResult(request.item, request.name, 'FocomProvisioningRequest', requestUses(request)),
      namespaceResult(request.item, request.namespace, `the folder ${GENERATED_DIR}/<namespace>/ of its generated resources`),
    ].filter((r): r is Result => r !== undefined);
    if (problems.length === 0) continue;
    check.results.push(...problems);
    check.unusableRequests.add(request);
  }
  for (const ocloud of model.oclouds) {
    const problems = [
      nameResult(
        ocloud.item,
        ocloud.name,
        'OCloud',
        'the ocloud label and annotations of every resource generated for it, the cluster-name annotation and the focom_ocloud label of its SLO rules',
      ),
      namespaceResult(ocloud.item, ocloud.namespace, 'the namespace of its kubeconfig Secret when spec.secretRef names none'),
      ...secretRefResults(ocloud),
    ].filter((r): r is Result => r !== undefined);
    if (problems.length === 0) continue;
    check.results.push(...problems);
    check.unusableOClouds.add(ocloud);
  }
  for (const info of model.templateInfos) {
    const problems = [
      nameResult(info.item, info.name, 'TemplateInfo', 'nothing generated, but the SMO would refuse it'),
      namespaceResult(info.item, info.namespace, 'nothing generated, but the SMO would refuse it'),
    ].filter((r): r is Result => r !== undefined);
    if (problems.length === 0) continue;
    check.results.push(...problems);
    check.unusableTemplateInfos.add(info);
  }
  return check;
}

function requestUses(request: ProvisioningRequest): string {
  return `its generated folder ${GENERATED_DIR}/${request.namespace || '_'}/<name>/, its Kptfile readiness conditions, its delivery object, its PodMonitor and PrometheusRule and its request label`;
}

function nameResult(item: KrmItem, name: string, kind: string, uses: string): Result | undefined {
  const problem = name === '' ? 'is missing' : dns1123SubdomainProblem(name);
  if (!problem) return undefined;
  return errorResult(
    `${kind} name ${JSON.stringify(name)} ${problem}; Kubernetes requires it of the ${kind} itself, and it names ${uses}`,
    item.subject,
    { path: 'metadata.name', currentValue: name },
  );
}

function namespaceResult(item: KrmItem, namespace: string, uses: string): Result | undefined {
  if (namespace === '') return undefined;
  const problem = dns1123LabelProblem(namespace);
  if (!problem) return undefined;
  return errorResult(`namespace ${JSON.stringify(namespace)} ${problem}; it names ${uses}`, item.subject, {
    path: 'metadata.namespace',
    currentValue: namespace,
  });
}

function secretRefResults(ocloud: OCloud): Result[] {
  const ref = ocloud.secretRef;
  if (!ref) return [];
  const out: Result[] = [];
  const name = ref.name === '' ? undefined : dns1123SubdomainProblem(ref.name);
  if (name)
    out.push(
      errorResult(
        `Secret name ${JSON.stringify(ref.name)} ${name}; the delivery object references the kubeconfig Secret by it`,
        ocloud.item.subject,
        { path: `${ref.path}.name`, currentValue: ref.name },
      ),
    );
  const namespace = ref.namespace === '' ? undefined : dns1123LabelProblem(ref.namespace);
  if (namespace && ref.namespace !== ocloud.namespace)
    out.push(
      errorResult(
        `Secret namespace ${JSON.stringify(ref.namespace)} ${namespace}; it names the delivery folder delivery/<namespace>/ and the delivery object's namespace`,
        ocloud.item.subject,
        { path: `${ref.path}.namespace`, currentValue: ref.namespace },
      ),
    );
  return out;
}

/**
 * The monitoring object a request's name is too long for, once its template is known: a
 * PodMonitor `<name>-metrics` or PrometheusRule `<name>-slos` must itself be a DNS-1123 subdomain.
 */
export function monitoringNameProblem(requestName: string, template: TemplateDefinition | undefined): string | undefined {
  const observability = template?.observability;
  if (!observability) return undefined;
  const objects: [string, boolean][] = [
    ['PodMonitor', observability.metrics !== undefined],
    ['PrometheusRule', observability.slos.length > 0],
  ];
  for (const [index, [kind, made]] of objects.entries()) {
    const name = `${requestName}${MONITORING_SUFFIXES[index]}`;
    const problem = made ? dns1123SubdomainProblem(name) : undefined;
    if (problem)
      return `FocomProvisioningRequest name ${JSON.stringify(requestName)} is too long for the ${kind} ${name.slice(0, 20)}...${MONITORING_SUFFIXES[index]} its template generates: that name ${problem} (a DNS-1123 subdomain); shorten the request's name`;
  }
  return undefined;
}
