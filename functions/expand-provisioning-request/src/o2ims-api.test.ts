/**
 * The O2IMS API an OCloud names (focom.nephio.org/o2ims-api) decides the ProvisioningRequest a
 * template outside the library expands to; the whole rendering is the e2e case o2ims-clcm.
 */
import { parse, stringify } from 'yaml';
import { runOnText } from '@focom/krm-runtime';
import { clcmRequestName } from '@focom/domain';
import { expandProvisioningRequest } from './expand-provisioning-request';

type Json = Record<string, unknown>;

function site(api: string | undefined, templateVersion: string | undefined): string {
  const annotations = (path: string) => ({ 'config.kubernetes.io/path': path });
  const items = [
    {
      apiVersion: 'focom.nephio.org/v1alpha1',
      kind: 'OCloud',
      metadata: {
        name: 'site-b',
        namespace: 'smo',
        annotations: { ...annotations('ocloud.yaml'), ...(api ? { 'focom.nephio.org/o2ims-api': api } : {}) },
      },
      spec: { o2imsSecret: { secretRef: { name: 'k', namespace: 'smo' } } },
    },
    {
      apiVersion: 'focom.nephio.org/v1alpha1',
      kind: 'TemplateInfo',
      metadata: { name: 'cluster', namespace: 'smo', annotations: annotations('info.yaml') },
      spec: { template: 'sno-cluster', ...(templateVersion ? { templateVersion } : {}) },
    },
    {
      apiVersion: 'focom.nephio.org/v1alpha1',
      kind: 'FocomProvisioningRequest',
      metadata: { name: 'site-b-cluster', namespace: 'smo', annotations: annotations('request.yaml') },
      spec: { ocloudRef: { name: 'site-b' }, templateRef: { name: 'cluster' }, parameters: { nodes: 1 } },
    },
  ];
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items });
}

function requestsOut(stdout: string): Json[] {
  return ((parse(stdout) as { items: Json[] }).items ?? []).filter((i) => i.kind === 'ProvisioningRequest');
}

describe('the ProvisioningRequest of a template outside the library', () => {
  it('is o2ims.provisioning.oran.org, named after the request, when the OCloud names no API', () => {
    const out = runOnText(expandProvisioningRequest, site(undefined, 'v1.0.0'));
    expect(out.exitCode).toBe(0);
    expect(requestsOut(out.stdout).map((r) => [r.apiVersion, (r.metadata as Json).name])).toEqual([
      ['o2ims.provisioning.oran.org/v1alpha1', 'site-b-cluster'],
    ]);
  });

  it('is clcm.openshift.io, named with the UUID of the OCloud and the request, when the OCloud names that API', () => {
    const out = runOnText(expandProvisioningRequest, site('clcm.openshift.io/v1alpha1', 'v1.0.0'));
    expect(out.exitCode).toBe(0);
    const name = clcmRequestName({ namespace: 'smo', name: 'site-b' }, { namespace: 'smo', name: 'site-b-cluster' });
    expect(requestsOut(out.stdout).map((r) => [r.apiVersion, (r.metadata as Json).name, (r.metadata as Json).namespace])).toEqual([
      ['clcm.openshift.io/v1alpha1', name, undefined],
    ]);
    // A second render of the first render's output writes the same name.
    expect(requestsOut(runOnText(expandProvisioningRequest, out.stdout).stdout).map((r) => (r.metadata as Json).name)).toEqual([name]);
  });

  it('moving an OCloud to clcm.openshift.io replaces its requests: the old one is removed as stale', () => {
    const first = runOnText(expandProvisioningRequest, site(undefined, 'v1.0.0'));
    const list = parse(first.stdout) as { items: Json[] };
    const ocloud = list.items.find((i) => i.kind === 'OCloud') as { metadata: { annotations: Record<string, string> } };
    ocloud.metadata.annotations['focom.nephio.org/o2ims-api'] = 'clcm.openshift.io/v1alpha1';
    const second = runOnText(expandProvisioningRequest, stringify(list));
    expect(second.exitCode).toBe(0);
    expect(requestsOut(second.stdout).map((r) => r.apiVersion)).toEqual(['clcm.openshift.io/v1alpha1']);
  });

  it('needs a template version for clcm.openshift.io, and says so on the request', () => {
    const out = runOnText(expandProvisioningRequest, site('clcm.openshift.io/v1alpha1', undefined));
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain('whose ProvisioningRequest requires spec.templateVersion: name the template version in the TemplateInfo');
    expect(requestsOut(out.stdout)).toEqual([]);
  });

  it('refuses an API it does not write, naming the annotation', () => {
    const out = runOnText(expandProvisioningRequest, site('clcm.openshift.io', 'v1.0.0'));
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain(
      'OCloud/site-b (namespace smo) metadata.annotations: annotation focom.nephio.org/o2ims-api must be one of o2ims.provisioning.oran.org/v1alpha1, clcm.openshift.io/v1alpha1, got "clcm.openshift.io"',
    );
  });
});
