/**
 * A TemplateInfo whose schema holds `^(a+)+$` and a request whose value is 40 `a`s and a `b`:
 * a backtracking engine takes about 2^40 steps on it (it would not finish within any test's
 * timeout); V8's linear-time engine answers at once with an ordinary "must match" error.
 */
/** A ResourceList whose TemplateInfo's schema holds `pattern` for parameter `n`, and a request giving `n` the `value`. */
export function patternRequest(pattern: string, value: string): string {
  const schema = JSON.stringify({ properties: { n: { type: 'string', pattern } } });
  return `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: provisioning.oran.org/v1alpha1
  kind: TemplateInfo
  metadata: {name: redos-v1}
  spec: {templateName: redos, templateVersion: v1, templateParameterSchema: '${schema}'}
- apiVersion: focom.nephio.org/v1alpha1
  kind: OCloud
  metadata: {name: s, namespace: smo}
  spec: {o2imsSecret: {secretRef: {name: k}}}
- apiVersion: focom.nephio.org/v1alpha1
  kind: FocomProvisioningRequest
  metadata: {name: r}
  spec: {oCloudId: s, oCloudNamespace: smo, templateName: redos, templateVersion: v1, templateParameters: {n: "${value}"}}
`;
}

export const CATASTROPHIC_PATTERN_INPUT = patternRequest('^(a+)+$', `${'a'.repeat(40)}b`);

/** The error every function that checks schemas gives for that input. */
export const MUST_MATCH = /spec\.templateParameters\.n: (?:[a-z-]+: )?must be a string matching the pattern/;
