/**
 * Names derived from a request's and an OCloud's names: a name that cannot make valid objects is
 * one error on its metadata.name (in each function, once in focom-render), and a long name is
 * shortened with a hash where it is a label value, so nothing a cluster rejects is written.
 */
import { parse } from 'yaml';
import { runOnText } from '@focom/krm-runtime';
import { REQUEST_LABEL, OCLOUD_LABEL } from '@focom/domain';
import { labelValueOf } from '@focom/krm-runtime';
import { expandProvisioningRequest } from '@focom/expand-provisioning-request';
import { focomRender } from '@focom/focom-render';
import { injectOCloudTargeting } from '@focom/inject-ocloud-targeting';
import { validateTemplateParams } from '@focom/validate-template-params';
import { type SiteNames, sitePackage, writtenNameProblems } from '../robustness/hostile-names';
import { resultsOfResourceList } from '@focom/test-support/result-messages';

const SITE: SiteNames = {
  request: 'site-a',
  requestNamespace: 'smo',
  ocloud: 'edge',
  templateInfo: 'upf',
  template: '5g-upf',
  delivery: 'flux',
};

interface Item {
  kind: string;
  metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
  status?: { conditions?: Array<{ type: string }> };
}

interface ResultShape {
  message: string;
  severity: string;
  field?: { path?: string };
  resourceRef?: { name?: string; kind?: string };
}

interface Rendered {
  exitCode: number;
  errors: Array<{ message: string; path?: string | undefined; name?: string | undefined; kind?: string | undefined }>;
  items: Item[];
  stdout: string;
}

function render(names: Partial<SiteNames>, fn = focomRender): Rendered {
  const out = runOnText(fn, sitePackage({ ...SITE, ...names }));
  const results = resultsOfResourceList(out.stdout) as ResultShape[];
  const errors = results
    .filter((r) => r.severity === 'error')
    .map((r) => ({ message: r.message, path: r.field?.path, name: r.resourceRef?.name, kind: r.resourceRef?.kind }));
  const items = (parse(out.stdout) as { items?: Item[] }).items ?? [];
  return { exitCode: out.exitCode, errors, items, stdout: out.stdout };
}

function written(r: Rendered, dir: string): Item[] {
  return r.items.filter((i) => String(i.metadata.annotations['config.kubernetes.io/path']).startsWith(dir));
}

describe('a request name that cannot name its objects', () => {
  it.each([
    ['a/b', 'is not a DNS-1123 subdomain'],
    ['édge-5g-déploiement', 'is not a DNS-1123 subdomain'],
    ['Site-A', 'is not a DNS-1123 subdomain'],
    ['x'.repeat(254), 'has 254 characters, more than 253'],
  ])('%s: one error on metadata.name, in focom-render and in each function', (name, rule) => {
    const once = render({ request: name });
    expect(once.exitCode).toBe(1);
    expect(once.errors).toEqual([
      {
        message: expect.stringContaining(
          `validate-template-params: FocomProvisioningRequest name ${JSON.stringify(name)} ${rule}`,
        ) as string,
        path: 'metadata.name',
        name,
        kind: 'FocomProvisioningRequest',
      },
    ]);
    expect(once.errors[0].message).toContain('its generated folder generated/smo/<name>/');
    expect(written(once, 'generated/')).toEqual([]);
    for (const fn of [validateTemplateParams, expandProvisioningRequest, injectOCloudTargeting]) {
      const alone = render({ request: name }, fn);
      expect({ fn: fn.name, exitCode: alone.exitCode, errors: alone.errors.map((e) => e.path) }).toEqual({
        fn: fn.name,
        exitCode: 1,
        errors: ['metadata.name'],
      });
      expect(alone.stdout).not.toContain('NotExpanded');
      expect(writtenNameProblems(alone.stdout, 'written')).toEqual([]);
    }
  });

  it('a name too long for the PodMonitor its template makes is an error naming the PodMonitor', () => {
    const name = `${'site-'.repeat(48)}abcdef`; // 246 characters: the request is valid, <name>-metrics is not
    const r = render({ request: name });
    expect(r.exitCode).toBe(1);
    expect(r.errors).toEqual([
      expect.objectContaining({ path: 'metadata.name', message: expect.stringContaining('too long for the PodMonitor') as string }),
    ]);
    // One character less, and every name fits.
    const shorter = name.slice(0, 245);
    const fits = render({ request: shorter });
    expect(fits.errors).toEqual([]);
    expect(writtenNameProblems(fits.stdout)).toEqual([]);
    expect(written(fits, 'generated/').map((i) => i.metadata.name)).toContain(`${shorter}-metrics`);
  });

  it('a namespace that is no DNS-1123 label is an error on metadata.namespace, before it names a folder', () => {
    const r = render({ requestNamespace: '../..' });
    expect(r.exitCode).toBe(1);
    expect(r.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['metadata.namespace']));
    expect(r.stdout).not.toContain('generated/../');
  });
});

describe('an OCloud name that cannot name its objects', () => {
  it('is an error on the OCloud, and its requests are not expanded', () => {
    const r = render({ ocloud: 'edge/🚀' });
    expect(r.exitCode).toBe(1);
    expect(r.errors).toEqual([expect.objectContaining({ path: 'metadata.name', kind: 'OCloud', name: 'edge/🚀' })]);
    expect(written(r, 'generated/')).toEqual([]);
  });
});

describe('a TemplateInfo name the SMO would refuse', () => {
  it('is an error on the TemplateInfo, and its requests are not expanded', () => {
    const r = render({ templateInfo: 'éa' });
    expect(r.exitCode).toBe(1);
    expect(r.errors).toEqual([expect.objectContaining({ path: 'metadata.name', kind: 'TemplateInfo', name: 'éa' })]);
    expect(written(r, 'generated/')).toEqual([]);
  });
});

describe('a long name that is valid', () => {
  const request = `${'edge-site-'.repeat(10)}a`; // 101 characters
  const ocloud = `${'ocloud-'.repeat(12)}z`; // 85 characters

  it.each(['flux', 'argocd'] as const)('is shortened with a hash in every label value and delivery name (%s)', (delivery) => {
    const r = render({ request, ocloud, delivery });
    expect(r.errors).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(writtenNameProblems(r.stdout)).toEqual([]);
    const generated = written(r, `generated/smo/${request}/`);
    expect(generated.length).toBeGreaterThan(0);
    for (const item of generated) {
      expect(item.metadata.labels[REQUEST_LABEL]).toBe(labelValueOf(request));
      expect(item.metadata.labels[OCLOUD_LABEL]).toBe(labelValueOf(ocloud));
    }
    expect(labelValueOf(request)).toMatch(/^(edge-site-){5}ed-[0-9a-f]{10}$/);
    const [deliveryObject] = written(r, 'delivery/');
    expect(deliveryObject.metadata.name).toBe(labelValueOf(request));
    expect(deliveryObject.metadata.annotations['config.kubernetes.io/path']).toMatch(new RegExp(`_${labelValueOf(request)}\\.yaml$`));
    const kptfile = r.items.find((i) => i.kind === 'Kptfile')!;
    expect((kptfile.status?.conditions ?? []).map((c) => c.type)).toContain(
      `focom.nephio.org/v1alpha1.FocomProvisioningRequest.${request}`,
    );
  });

  it('renders the same the second time', () => {
    const first = runOnText(focomRender, sitePackage({ ...SITE, request, ocloud }));
    const second = runOnText(focomRender, first.stdout);
    expect(second.exitCode).toBe(0);
    expect(second.stdout.slice(second.stdout.indexOf('items:'))).toBe(first.stdout.slice(first.stdout.indexOf('items:')));
  });
});
