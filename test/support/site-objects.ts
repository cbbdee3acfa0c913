/**
 * The smallest seed-dialect site as plain objects: an OCloud `edge`, a TemplateInfo `t` naming a
 * template (`<name>` or `<name>@<version>`), and one request of that template in `o2ims`.
 */
import type { KrmObject } from '@focom/krm-runtime';

export function siteObjects(label: string, parameters: Record<string, unknown>, request = 'r'): KrmObject[] {
  const [template, templateVersion] = label.split('@');
  return [
    {
      apiVersion: 'focom.nephio.org/v1alpha1',
      kind: 'OCloud',
      metadata: { name: 'edge', namespace: 'o2ims' },
      spec: { secretRef: { name: 'kc' } },
    },
    {
      apiVersion: 'focom.nephio.org/v1alpha1',
      kind: 'TemplateInfo',
      metadata: { name: 't', namespace: 'o2ims' },
      spec: templateVersion ? { template, templateVersion } : { template },
    },
    {
      apiVersion: 'focom.nephio.org/v1alpha1',
      kind: 'FocomProvisioningRequest',
      metadata: { name: request, namespace: 'o2ims' },
      spec: { ocloudRef: { name: 'edge' }, templateRef: { name: 't' }, parameters },
    },
  ];
}
