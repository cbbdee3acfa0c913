/** fast-check generators of ResourceLists as kpt would send them, written with random YAML style. */
import fc from 'fast-check';
import { asEntry, entryStart, indent, listLayout, stringValue, styledMapping } from './styled-yaml';

const NAMES = ['edge', 'site-a', 'site-b', 'twin', 'edge-5g-template', 'ran-du-v1.2.0', 'x'];
const NAMESPACES = ['o2ims', 'smo', ''];
const PARAM_KEYS = [
  'namespace',
  'replicas',
  'cpu_request',
  'memory_request',
  'image',
  'clusterName',
  '__proto__',
  'constructor',
  'prototype',
  'colour',
];

/** A scalar and how it is written: plain, single- or double-quoted. */
const scalar = fc.oneof(
  fc.constantFrom('ran-workloads', '500m', '1Gi', 'three', 'Bad_NS', '', 'yes', '0123', 'a: b', "it's", 'café'),
  fc.integer({ min: -3, max: 100 }),
  fc.boolean(),
  fc.constant(null),
);

const comment = fc.constantFrom('', ' # note', ' # ünïcode comment', ' #: odd');

function render(value: unknown, style: number): string {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (style === 1) return `'${text.replace(/'/g, "''")}'`;
  if (style === 2 || text === '' || /^[\d]|[:#'"]|^(yes|no|true|false|null)$/i.test(text)) return JSON.stringify(text);
  return text;
}

const parameters = fc.array(fc.tuple(fc.constantFrom(...PARAM_KEYS), scalar, fc.integer({ min: 0, max: 2 }), comment), { maxLength: 5 });

export interface GeneratedItem {
  text: string;
}

/** Lines of a mapping at `indent`, from key/value/style/comment tuples, with unique keys. */
function mapping(entries: Array<[string, unknown, number, string]>, indent: string): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const [key, value, style, note] of entries) {
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`${indent}${key}: ${render(value, style)}${note}`);
  }
  return lines.length === 0 ? `${indent}{}` : lines.join('\n');
}

const metadata = fc.record({
  name: fc.constantFrom(...NAMES),
  namespace: fc.constantFrom(...NAMESPACES),
  file: fc.constantFrom('a.yaml', 'b.yaml', 'sub/c.yaml', 'generated/o2ims/x/deployment_ran-du.yaml'),
  index: fc.integer({ min: 0, max: 3 }),
  head: comment,
});

function meta(m: { name: string; namespace: string; file: string; index: number }, extra = ''): string {
  const ns = m.namespace ? `\n  namespace: ${m.namespace}` : '';
  return `metadata:\n  name: ${m.name}${ns}${extra}\n  annotations:\n    config.kubernetes.io/path: '${m.file}'\n    config.kubernetes.io/index: '${m.index}'\n    internal.config.kubernetes.io/path: '${m.file}'\n    internal.config.kubernetes.io/index: '${m.index}'`;
}

const seedOCloud = fc
  .tuple(metadata, fc.boolean())
  .map(
    ([m, secret]) =>
      `apiVersion: focom.nephio.org/v1alpha1\nkind: OCloud\n${meta(m)}\nspec:\n  endpoint: "https://10.0.0.1:6443"${secret ? `\n  secretRef:\n    name: ${m.name}-kubeconfig` : ''}`,
  );

const upstreamOCloud = metadata.map(
  (m) => `apiVersion: focom.nephio.org/v1alpha1\nkind: OCloud\n${meta(m)}\nspec:\n  o2imsSecret:\n    secretRef:\n      name: kc`,
);

const seedTemplateInfo = fc
  .tuple(metadata, fc.constantFrom('5g-ran-du', '5g-upf', 'unknown-template'), parameters)
  .map(
    ([m, t, p]) =>
      `apiVersion: focom.nephio.org/v1alpha1\nkind: TemplateInfo\n${meta(m)}\nspec:\n  template: ${t}\n  parameters:\n${mapping(p, '    ')}`,
  );

const schemaText = fc.constantFrom(
  '{"type": "object", "properties": {"clusterName": {"type": "string", "format": "dns1123-label"}}}',
  '{"type": "object", "properties": {"name": {"type": "string", "pattern": "^(a+)+$"}}}',
  'type: object\nproperties:\n  replicas: {type: integer, minimum: 1, default: 1}',
  '{"$ref": "https://example.com/s.json"}',
  '{"type": "object", "properties": {',
  '{"propertees": {}}',
);

const upstreamTemplateInfo = fc.tuple(metadata, schemaText).map(
  ([m, s]) =>
    `apiVersion: provisioning.oran.org/v1alpha1\nkind: TemplateInfo\n${meta(m)}\nspec:\n  templateName: ran-du\n  templateVersion: v1.2.0\n  templateParameterSchema: |\n${s
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n')}`,
);

const seedRequest = fc
  .tuple(metadata, fc.constantFrom(...NAMES), fc.constantFrom(...NAMES), parameters)
  .map(
    ([m, o, t, p]) =>
      `apiVersion: focom.nephio.org/v1alpha1\nkind: FocomProvisioningRequest\n${meta(m)}\nspec:\n  ocloudRef:\n    name: ${o}\n  templateRef:\n    name: ${t}\n  parameters:\n${mapping(p, '    ')}`,
  );

const upstreamRequest = fc
  .tuple(metadata, fc.constantFrom(...NAMES), parameters)
  .map(
    ([m, o, p]) =>
      `apiVersion: focom.nephio.org/v1alpha1\nkind: FocomProvisioningRequest\n${meta(m)}\nspec:\n  oCloudId: ${o}\n  oCloudNamespace: ${m.namespace || 'smo'}\n  templateName: ran-du\n  templateVersion: v1.2.0\n  templateParameters:\n${mapping(p, '    ')}`,
  );

const otherObject = fc
  .tuple(metadata, fc.constantFrom('ConfigMap', 'Service', 'Deployment', 'Secret'), parameters, fc.boolean())
  .map(
    ([m, kind, p, labelled]) =>
      `apiVersion: v1\nkind: ${kind}\n${meta(m, labelled ? '\n  labels:\n    focom.nephio.org/provisioning-request: x' : '')}\ndata:\n${mapping(p, '  ')}\nlist:\n- one # compact\n- 'two'\nfolded: >\n  folded\n  text\nliteral: |\n  line one\n    line two`,
  );

const kptfile = metadata.map(
  (m) =>
    `apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: ${m.name} # the package\n  annotations:\n    config.kubernetes.io/path: 'Kptfile'\n    config.kubernetes.io/index: '0'\n    internal.config.kubernetes.io/path: 'Kptfile'\n    internal.config.kubernetes.io/index: '0'\ninfo:\n  readinessGates:\n  - conditionType: Other # not ours\nstatus:\n  conditions:\n  - type: Other\n    status: "True"`,
);

/** OCloud, TemplateInfo and request that reference each other, so expansion really happens. */
const coherentSite = fc
  .tuple(
    fc.constantFrom('edge', 'site-a', 'site-b'),
    fc.constantFrom('o2ims', 'smo'),
    fc.boolean(),
    fc.constantFrom('5g-ran-du', '5g-upf', 'nephio-workload-cluster'),
    fc.integer({ min: 1, max: 5 }),
    fc.oneof(
      fc.constantFrom('', '\n    colour: blue', '\n    gnb_du_id: "three"'),
      // String parameters a YAML 1.1 reader would retype: the image of a library template, any
      // parameter of an upstream cluster template (copied into an O2IMS ProvisioningRequest).
      stringValue.map((v) => `\n    image: ${JSON.stringify(v)}`),
      stringValue.map((v) => `\n    mode: ${JSON.stringify(v)}`),
    ),
    comment,
    fc.option(styledMapping, { nil: undefined }),
  )
  .map(([site, ns, upstream, template, replicas, extra, note, handEdit]) => {
    const m = (name: string, file: string) => meta({ name, namespace: ns, file, index: 0 });
    const ocloud = upstream
      ? `apiVersion: focom.nephio.org/v1alpha1\nkind: OCloud\n${m(site, `${site}/ocloud.yaml`)}\nspec:\n  o2imsSecret:\n    secretRef:\n      name: ${site}-kubeconfig${note}`
      : `apiVersion: focom.nephio.org/v1alpha1\nkind: OCloud\n${m(site, `${site}/ocloud.yaml`)}\nspec:\n  endpoint: "https://10.0.0.1:6443"\n  secretRef:\n    name: '${site}-kubeconfig'${note}`;
    const params =
      template === '5g-upf' ? `namespace: "upf-${site}"\n    dnn: internet` : `namespace: ran-${site}\n    replicas: ${replicas}`;
    const info = upstream
      ? `apiVersion: provisioning.oran.org/v1alpha1\nkind: TemplateInfo\n${m(`${template}-v1.0.0`, `${site}/template-info.yaml`)}\nspec:\n  templateName: ${template}\n  templateVersion: v1.0.0\n  templateParameterSchema: '{"type": "object"}'`
      : `apiVersion: focom.nephio.org/v1alpha1\nkind: TemplateInfo\n${m(`${site}-template`, `${site}/template-info.yaml`)}\nspec:\n  template: "${template}"${note}\n  parameters:\n    cpu_request: 500m`;
    const request = upstream
      ? `apiVersion: focom.nephio.org/v1alpha1\nkind: FocomProvisioningRequest\n${m(`${site}-du`, `${site}/request.yaml`)}\nspec:\n  oCloudId: ${site}\n  oCloudNamespace: ${ns}\n  templateName: ${template}\n  templateVersion: v1.0.0\n  templateParameters:\n    ${params}${extra}`
      : `apiVersion: focom.nephio.org/v1alpha1\nkind: FocomProvisioningRequest\n${m(`${site}-du`, `${site}/request.yaml`)}\nspec:\n  ocloudRef:\n    name: ${site}\n  templateRef:\n    name: ${site}-template\n  parameters:\n    ${params}${extra}`;
    if (handEdit === undefined || template !== '5g-ran-du') return [ocloud, info, request];
    // A resource generated on an earlier render, since hand-edited in every awkward YAML style.
    const generatedFile = `generated/${ns}/${site}-du/configmap_ran-du-config.yaml`;
    const labels = `\n  labels:\n    focom.nephio.org/provisioning-request: ${site}-du`;
    const metadata = meta({ name: 'ran-du-config', namespace: ns, file: generatedFile, index: 0 }, labels);
    const generated = `apiVersion: v1\nkind: ConfigMap\n${metadata}${handEdit ? `\n${indent(handEdit, 4)}` : ''}\ndata:\n  du.conf: |\n    old = 1`;
    return [ocloud, info, request, generated];
  });

const item = fc.tuple(
  fc.oneof(
    { arbitrary: otherObject, weight: 6 },
    { arbitrary: kptfile, weight: 2 },
    seedOCloud,
    upstreamOCloud,
    seedTemplateInfo,
    upstreamTemplateInfo,
    seedRequest,
    upstreamRequest,
  ),
  comment,
);

/** A whole ResourceList: items with optional head comments and entry starts, in any layout, and sometimes a functionConfig. */
export const resourceList = fc
  .tuple(
    fc.array(coherentSite, { maxLength: 2 }),
    fc.array(item, { maxLength: 4 }),
    fc.constantFrom('', '', '', 'flux', 'argocd', 'none', 'bogus'),
    fc.array(entryStart, { minLength: 12, maxLength: 12 }),
    listLayout,
  )
  .map(([sites, randomItems, delivery, starts, layout]) => {
    const items: Array<[string, string]> = [...sites.flat().map((text) => [text, ''] as [string, string]), ...randomItems];
    const body = items.map(([text, head], i) => asEntry(text, head ? `- ${head.trim() || '# head'}\n  ` : starts[i % starts.length]));
    const config = delivery
      ? `functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: config\n  data:\n    ${delivery === 'bogus' ? 'bogus' : 'delivery'}: ${delivery}\n`
      : '';
    const between = layout.columnZeroCommentBetweenItems ? '# between items\n' : '';
    const itemsText = body.length
      ? `items:\n${layout.commentBeforeFirstItem ? '# before the first item\n' : ''}${body.join(between)}`
      : 'items: []\n';
    const text = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n${itemsText}${config}`;
    return layout.crlf ? text.replace(/\n/g, '\r\n') : text;
  });
