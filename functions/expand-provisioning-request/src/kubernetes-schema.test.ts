import { KrmItem, type KrmObject, type ResourceList } from '@focom/krm-runtime';
import { REQUEST_LABEL, templateLibrary } from '@focom/domain';
import { expandProvisioningRequest } from './expand-provisioning-request';
import { siteObjects } from '@focom/test-support/site-objects';

/**
 * The kubernetes-models class for an object, e.g. `Deployment` of `kubernetes-models/apps/v1`;
 * prometheus-operator's kinds come from its own package of the same family.
 */
function modelFor(object: KrmObject): { new (data: unknown): { validate(): void } } {
  const [group, version] = String(object.apiVersion).includes('/') ? String(object.apiVersion).split('/') : ['', String(object.apiVersion)];
  const modulePath =
    group === 'monitoring.coreos.com'
      ? `@kubernetes-models/prometheus-operator/${group}/${version}`
      : group
        ? `kubernetes-models/${group}/${version}`
        : `kubernetes-models/${version}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(modulePath) as Record<string, { new (data: unknown): { validate(): void } }>;
  return module[String(object.kind)];
}

const DU = { namespace: 'ran', replicas: 3, cpu_request: '500m', memory_request: '1Gi' };
/** Every template version of the library, keyed `<name>@<version>`. */
const PARAMETERS: Record<string, Record<string, unknown>> = {
  '5g-ran-du@v1.0.0': DU,
  '5g-ran-du@v1.1.0': DU,
  '5g-ran-du@v1.2.0': DU,
  '5g-upf@v1.0.0': { namespace: 'upf', dnn: 'internet' },
  '5g-upf@v1.1.0': { namespace: 'upf', dnn: 'internet' },
};

describe('every generated Kubernetes object passes the Kubernetes OpenAPI schema', () => {
  it('covers every template in the library', () => {
    expect([...templateLibrary().keys()].sort()).toEqual(Object.keys(PARAMETERS).sort());
  });

  it.each(Object.entries(PARAMETERS))('%s', (template, parameters) => {
    const list: ResourceList = {
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      seqIndent: 0,
      items: siteObjects(template, parameters).map((o) => KrmItem.fromObject(o)),
    };
    const outcome = expandProvisioningRequest.process(list);
    expect(outcome.results.filter((r) => r.severity === 'error')).toEqual([]);
    const generated = list.items.filter((i) => i.labels[REQUEST_LABEL] === 'r');
    const declared = templateLibrary().get(template)!;
    const monitors = declared.observability
      ? Number(declared.observability.metrics !== undefined) + Number(declared.observability.slos.length > 0)
      : 0;
    expect(generated.length).toBe(declared.resources.length + monitors);
    for (const item of generated) {
      const Model = modelFor(item.object);
      expect(() => new Model(item.object).validate()).not.toThrow();
    }
  });

  it('keeps parameter types: replicas an integer, quantities strings', () => {
    const list: ResourceList = {
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      seqIndent: 0,
      items: siteObjects('5g-ran-du', DU).map((o) => KrmItem.fromObject(o)),
    };
    expandProvisioningRequest.process(list);
    const deployment = list.items.find((i) => i.kind === 'Deployment')!.object as {
      spec: { replicas: unknown; template: { spec: { containers: Array<{ resources: { requests: Record<string, unknown> } }> } } };
    };
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '500m', memory: '1Gi' });
  });

  it('rejects an object that breaks the schema, so the check can fail', () => {
    const Model = modelFor({ apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(() =>
      new Model({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 'three' } }).validate(),
    ).toThrow();
  });
});
