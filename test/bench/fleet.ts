/** A generated fleet: N O-Clouds, one TemplateInfo, N requests, as a ResourceList or a package. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function ocloud(i: number): string {
  return `apiVersion: focom.nephio.org/v1alpha1
kind: OCloud
metadata:
  name: site-${i}
  namespace: o2ims
spec:
  endpoint: "https://10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:6443"
  secretRef:
    name: site-${i}-kubeconfig
    namespace: o2ims
`;
}

const TEMPLATE_INFO = `apiVersion: focom.nephio.org/v1alpha1
kind: TemplateInfo
metadata:
  name: edge-5g-template
  namespace: o2ims
spec:
  template: "5g-ran-du"
  parameters:
    replicas: 2
    cpu_request: "500m"
    memory_request: "1Gi"
`;

function request(i: number): string {
  return `apiVersion: focom.nephio.org/v1alpha1
kind: FocomProvisioningRequest
metadata:
  name: site-${i}-du
  namespace: o2ims
spec:
  ocloudRef:
    name: site-${i}
  templateRef:
    name: edge-5g-template
  parameters:
    namespace: "ran-site-${i}"
    nr_cell_pci: ${i % 1008}
`;
}

function annotate(doc: string, path: string, index: number): string {
  const annotations = `  annotations:\n    config.kubernetes.io/path: '${path}'\n    config.kubernetes.io/index: '${index}'\n    internal.config.kubernetes.io/path: '${path}'\n    internal.config.kubernetes.io/index: '${index}'\n`;
  return doc.replace(/^metadata:\n/m, `metadata:\n${annotations}`);
}

function asItem(doc: string): string {
  return `- ${doc.trimEnd().replace(/\n/g, '\n  ')}\n`;
}

export function fleetResourceList(n: number): string {
  const parts = ['apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n'];
  parts.push(asItem(annotate(TEMPLATE_INFO, 'template-info.yaml', 0)));
  for (let i = 0; i < n; i++) parts.push(asItem(annotate(ocloud(i), 'oclouds.yaml', i)));
  for (let i = 0; i < n; i++) parts.push(asItem(annotate(request(i), 'requests.yaml', i)));
  return parts.join('');
}

export function writeFleetPackage(dir: string, n: number, pipeline: string[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'Kptfile'),
    `apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: fleet-${n}\n  annotations:\n    config.kubernetes.io/local-config: "true"\npipeline:\n  mutators:\n${pipeline.map((p) => `    - exec: ${p}\n`).join('')}`,
  );
  writeFileSync(join(dir, 'template-info.yaml'), TEMPLATE_INFO);
  writeFileSync(join(dir, 'oclouds.yaml'), Array.from({ length: n }, (_, i) => ocloud(i)).join('---\n'));
  writeFileSync(join(dir, 'requests.yaml'), Array.from({ length: n }, (_, i) => request(i)).join('---\n'));
}
