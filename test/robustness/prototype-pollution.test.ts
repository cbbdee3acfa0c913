import { runOnText } from '@focom/krm-runtime';
import { expandProvisioningRequest } from '@focom/expand-provisioning-request';
import { FUNCTIONS } from '../../functions/registry';

describe('prototype pollution', () => {
  it('keeps __proto__, constructor and prototype as plain parameter keys', () => {
    const input = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: focom.nephio.org/v1alpha1
  kind: OCloud
  metadata: {name: edge, namespace: o2ims}
  spec: {secretRef: {name: kc}}
- apiVersion: focom.nephio.org/v1alpha1
  kind: TemplateInfo
  metadata: {name: t, namespace: o2ims}
  spec:
    template: unknown-template
    parameters:
      __proto__: {polluted: from-template-info}
      constructor: {prototype: {polluted: yes}}
- apiVersion: focom.nephio.org/v1alpha1
  kind: FocomProvisioningRequest
  metadata: {name: r, namespace: o2ims}
  spec:
    ocloudRef: {name: edge}
    templateRef: {name: t}
    parameters:
      __proto__: {polluted: from-request}
      prototype: {polluted: yes}
`;
    for (const { fn } of FUNCTIONS) runOnText(fn, input);
    const expanded = runOnText(expandProvisioningRequest, input);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(expanded.exitCode).toBe(0);
    expect(expanded.stdout).toContain('__proto__:');
    expect(expanded.stdout).toContain('polluted: from-request');
  });
});
