/**
 * The cluster first: the seed's scenario provisions each O-Cloud's cluster through its O2IMS
 * before the workloads arrive. For every OCloud the package's requests target, and that no request
 * of the package provisions already (a request whose template is outside the library renders a
 * ProvisioningRequest), provision-seed adds a cluster request to the copy it pushes to Porch: a
 * TemplateInfo `<ocloud>-cluster-template` for the template `edge-cluster` and a request
 * `<ocloud>-cluster`, in the OCloud's dialect. inject-ocloud-targeting then makes the workloads'
 * delivery wait for it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { templateLibrary } from '@focom/domain';
import type { OperatorPackage, PackageObject } from './package';

type Json = Record<string, unknown>;

export const CLUSTER_TEMPLATE = 'edge-cluster';
export const CLUSTER_TEMPLATE_VERSION = 'v1.0.0';
export const CLUSTER_REQUESTS_FILE = 'cluster-requests.yaml';

export interface AddedClusterRequest {
  ocloud: string;
  namespace: string;
  request: string;
}

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

const isFocom = (o: PackageObject, kind: string): boolean => o.kind === kind && o.apiVersion.startsWith('focom.nephio.org/');

/** The OCloud a request names and the template it renders with, in either dialect. */
function requestTarget(request: PackageObject, infos: readonly PackageObject[]): { ocloud: string; namespace: string; template: string } {
  const spec = record(request.object.spec);
  const namespace = request.namespace || 'default';
  if (spec.ocloudRef !== undefined || spec.templateRef !== undefined) {
    const ref = record(spec.templateRef);
    const info = infos.find((i) => i.name === str(ref.name) && (i.namespace || 'default') === (str(ref.namespace) || namespace));
    const infoSpec = record(info?.object.spec);
    return {
      ocloud: str(record(spec.ocloudRef).name),
      namespace: str(record(spec.ocloudRef).namespace) || namespace,
      template: str(infoSpec.template) || str(infoSpec.templateName),
    };
  }
  return { ocloud: str(spec.oCloudId), namespace: str(spec.oCloudNamespace) || namespace, template: str(spec.templateName) };
}

export function clusterRequestsToAdd(pkg: OperatorPackage): AddedClusterRequest[] {
  const library = new Set([...templateLibrary().values()].map((t) => t.name));
  const infos = pkg.objects.filter((o) => o.kind === 'TemplateInfo');
  const localTemplates = new Set(pkg.objects.filter((o) => isFocom(o, 'FocomTemplate')).map((o) => o.name));
  const targets = pkg.objects.filter((o) => isFocom(o, 'FocomProvisioningRequest')).map((r) => requestTarget(r, infos));
  const provisioned = new Set(
    targets
      .filter((t) => t.template !== '' && !library.has(t.template) && !localTemplates.has(t.template))
      .map((t) => `${t.namespace}/${t.ocloud}`),
  );
  const added = new Map<string, AddedClusterRequest>();
  for (const t of targets) {
    const key = `${t.namespace}/${t.ocloud}`;
    if (t.ocloud === '' || provisioned.has(key) || added.has(key)) continue;
    const ocloud = pkg.objects.find((o) => isFocom(o, 'OCloud') && o.name === t.ocloud && (o.namespace || 'default') === t.namespace);
    if (!ocloud) continue;
    added.set(key, { ocloud: t.ocloud, namespace: t.namespace, request: `${t.ocloud}-cluster` });
  }
  return [...added.values()];
}

/** The objects of one added cluster request, in the OCloud's dialect. */
function clusterObjects(add: AddedClusterRequest, upstream: boolean): Json[] {
  const metadata = (name: string): Json => ({ name, namespace: add.namespace });
  const parameters = { clusterName: add.ocloud };
  if (upstream)
    return [
      {
        apiVersion: 'provisioning.oran.org/v1alpha1',
        kind: 'TemplateInfo',
        metadata: metadata(`${CLUSTER_TEMPLATE}-${CLUSTER_TEMPLATE_VERSION}`),
        spec: {
          templateName: CLUSTER_TEMPLATE,
          templateVersion: CLUSTER_TEMPLATE_VERSION,
          templateParameterSchema: 'type: object\nproperties:\n  clusterName: {type: string}\nrequired: [clusterName]\n',
        },
      },
      {
        apiVersion: 'focom.nephio.org/v1alpha1',
        kind: 'FocomProvisioningRequest',
        metadata: metadata(add.request),
        spec: {
          name: `${add.ocloud} cluster`,
          oCloudId: add.ocloud,
          oCloudNamespace: add.namespace,
          templateName: CLUSTER_TEMPLATE,
          templateVersion: CLUSTER_TEMPLATE_VERSION,
          templateParameters: parameters,
        },
      },
    ];
  return [
    {
      apiVersion: 'focom.nephio.org/v1alpha1',
      kind: 'TemplateInfo',
      metadata: metadata(`${add.request}-template`),
      spec: { template: CLUSTER_TEMPLATE, templateVersion: CLUSTER_TEMPLATE_VERSION, parameters },
    },
    {
      apiVersion: 'focom.nephio.org/v1alpha1',
      kind: 'FocomProvisioningRequest',
      metadata: metadata(add.request),
      spec: { ocloudRef: { name: add.ocloud, namespace: add.namespace }, templateRef: { name: `${add.request}-template` } },
    },
  ];
}

/** Writes the added cluster requests into the Porch copy of the package (nothing when none). */
export function writeClusterRequests(pkg: OperatorPackage, target: string, adds: readonly AddedClusterRequest[]): void {
  if (adds.length === 0) return;
  const documents = adds.flatMap((add) => {
    const ocloud = pkg.objects.find((o) => isFocom(o, 'OCloud') && o.name === add.ocloud);
    const upstream = record(ocloud?.object.spec).o2imsSecret !== undefined;
    return clusterObjects(add, upstream).map((o) => stringify(o).trimEnd());
  });
  const header = "# Added by provision-seed: each O-Cloud's cluster, provisioned through its O2IMS before the workloads.\n";
  writeFileSync(join(target, CLUSTER_REQUESTS_FILE), `${header}${documents.join('\n---\n')}\n`);
}
