/**
 * A TemplateInfo whose schema holds `^(a+)+$` and a request whose value is 40 `a`s and a `b`:
 * a backtracking engine takes about 2^40 steps on it (it would not finish within any test's
 * timeout); V8's linear-time engine answers at once with an ordinary "must match" error.
 */
export const CATASTROPHIC_PATTERN_INPUT = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: provisioning.oran.org/v1alpha1
  kind: TemplateInfo
  metadata: {name: redos-v1}
  spec: {templateName: redos, templateVersion: v1, templateParameterSchema: '{"properties": {"n": {"type": "string", "pattern": "^(a+)+$"}}}'}
- apiVersion: focom.nephio.org/v1alpha1
  kind: OCloud
  metadata: {name: s}
  spec: {o2imsSecret: {secretRef: {name: k}}}
- apiVersion: focom.nephio.org/v1alpha1
  kind: FocomProvisioningRequest
  metadata: {name: r}
  spec: {oCloudId: s, templateName: redos, templateVersion: v1, templateParameters: {n: "${'a'.repeat(40)}b"}}
`;

/** The error every function that checks schemas gives for that input. */
export const MUST_MATCH = /spec\.templateParameters\.n: must be a string matching the pattern/;
