/**
 * A field the FoCoM CRDs do not declare is named, with the declared field it was probably meant
 * to be: `paramters:` in a request used to be ignored in silence, the TemplateInfo's values
 * rendered instead. The fields come from the CRDs in packages/crds and ObjectMeta (a generated module);
 * test/apiserver/strict-fields.test.ts checks the same objects against a real API server.
 */
import { stringify } from 'yaml';
import { focomRender } from '@focom/focom-render';
import { KrmItem, type Result, runOnText } from '@focom/krm-runtime';
import { checkPackage, readFocomModel } from '@focom/domain';
import { CRD_FIELDS } from '@focom/domain';
import { validateTemplateParams } from '@focom/validate-template-params';
import { crdFieldTrees } from '../../scripts/generate-crd-fields';

type Json = Record<string, unknown>;
const FOCOM = 'focom.nephio.org/v1alpha1';
const UPSTREAM = 'provisioning.oran.org/v1alpha1';

function meta(name: string, file: string): Json {
  return { name, namespace: 'smo', annotations: { 'config.kubernetes.io/path': file, 'config.kubernetes.io/index': '0' } };
}

const ocloud = { apiVersion: FOCOM, kind: 'OCloud', metadata: meta('edge', 'ocloud.yaml'), spec: { secretRef: { name: 'kc' } } };
const info = {
  apiVersion: FOCOM,
  kind: 'TemplateInfo',
  metadata: meta('du', 'info.yaml'),
  spec: { template: '5g-ran-du', parameters: { namespace: 'ran', replicas: 2 } },
};
const request = (spec: Json): Json => ({
  apiVersion: FOCOM,
  kind: 'FocomProvisioningRequest',
  metadata: meta('site-a', 'request.yaml'),
  spec,
});

function reported(objects: Json[]): Result[] {
  const { results } = readFocomModel(objects.map((o) => KrmItem.fromObject(o)));
  return results;
}

function resourceList(objects: Json[]): string {
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: objects });
}

describe('fields the CRDs do not declare', () => {
  it('are read from the CRDs: the committed module holds what the generator derives from packages/crds', () => {
    expect(CRD_FIELDS).toEqual(Object.fromEntries(crdFieldTrees()));
  });

  it('stop a seed request whose parameters are misspelt, naming the field it meant', () => {
    const typo = request({ ocloudRef: { name: 'edge' }, templateRef: { name: 'du' }, paramters: { replicas: 3 } });
    const output = runOnText(validateTemplateParams, resourceList([ocloud, info, typo]));
    expect(output.exitCode).toBe(1);
    expect(output.stderr).toContain(
      '[error] FocomProvisioningRequest/site-a (namespace smo) spec.paramters: is not a field of FocomProvisioningRequest spec; did you mean "parameters"? ' +
        "The functions ignore it, and a cluster with the FoCoM CRDs refuses it under strict field validation (kubectl apply's default) [request.yaml#0]",
    );
  });

  it('leave a request with a misspelt field unexpanded, rather than rendered without its value', () => {
    const typo = request({ ocloudRef: { name: 'edge' }, templateRef: { name: 'du' }, paramters: { replicas: 3 } });
    const check = checkPackage(
      [ocloud, info, typo].map((o) => KrmItem.fromObject(o)),
      { unknownTemplate: 'error' },
    );
    expect(check.requests.map((r) => [r.request.name, r.valid])).toEqual([['site-a', false]]);
  });

  it('name every unknown field at its path, top level and nested, with the fields known there when none is near', () => {
    const results = reported([
      { ...ocloud, sepc: {}, spec: { secretRef: { name: 'kc', namespce: 'smo' }, endpont: 'https://x' } },
      { ...info, spec: { template: '5g-ran-du', parameters: { anything: { goes: true } }, colour: 'blue' } },
    ]);
    expect(results.map((r) => [r.severity, r.field?.path, r.message.replace(/ The functions.*$/, '')])).toEqual([
      ['error', 'spec.secretRef.namespce', 'is not a field of OCloud spec.secretRef; did you mean "namespace"?'],
      ['error', 'spec.endpont', 'is not a field of OCloud spec; did you mean "endpoint"?'],
      ['error', 'sepc', 'is not a field of OCloud; did you mean "spec"?'],
      [
        'error',
        'spec.colour',
        'is not a field of TemplateInfo spec; its fields are template, parameters, templateName, templateVersion, templateParameterSchema.',
      ],
    ]);
  });

  it('leave free-form parameters and status alone', () => {
    const results = reported([
      { ...info, status: { whatever: 1 } },
      request({ ocloudRef: { name: 'edge' }, templateRef: { name: 'du' }, parameters: { paramters: 1, nested: { x: [1] } } }),
    ]);
    expect(results).toEqual([]);
  });

  it('check metadata as the API server does, against ObjectMeta: a misspelt namespace would move the object', () => {
    const results = reported([{ ...info, metadata: { ...meta('du', 'info.yaml'), lables: {}, namepsace: 'ran' } }]);
    expect(results.map((r) => [r.severity, r.field?.path, r.message.replace(/ The functions.*$/, '')])).toEqual([
      ['error', 'metadata.lables', 'is not a field of TemplateInfo metadata; did you mean "labels"?'],
      ['error', 'metadata.namepsace', 'is not a field of TemplateInfo metadata; did you mean "namespace"?'],
    ]);
  });

  it('in the upstream dialect: a near miss is an error, a field upstream may have added a warning', () => {
    const results = reported([
      {
        apiVersion: UPSTREAM,
        kind: 'TemplateInfo',
        metadata: meta('ran-du-v1', 'info.yaml'),
        spec: { templateName: 'ran-du', templateVersion: 'v1', templateParameterSchma: '{}', owner: 'ran-team' },
      },
      request({
        oCloudId: 'edge',
        oCloudNamespace: 'smo',
        templateName: 'ran-du',
        templateVersion: 'v1',
        templateParamters: { replicas: 1 },
      }),
    ]);
    expect(results.map((r) => [r.severity, r.resourceRef?.kind, r.field?.path, r.message.replace(/ The functions.*$/, '')])).toEqual([
      [
        'error',
        'TemplateInfo',
        'spec.templateParameterSchma',
        'is not a field of upstream FoCoM\'s TemplateInfo spec; did you mean "templateParameterSchema"?',
      ],
      [
        'warning',
        'TemplateInfo',
        'spec.owner',
        "is not a field of upstream FoCoM's TemplateInfo spec; its fields are templateName, templateVersion, templateParameterSchema.",
      ],
      // The misspelt field leaves the one upstream requires unset: both are named, in one run.
      [
        'error',
        'FocomProvisioningRequest',
        'spec.templateParameters',
        "must be a mapping of parameter names to values, which upstream's CRD requires ({} when the template takes none); it is not set",
      ],
      [
        'error',
        'FocomProvisioningRequest',
        'spec.templateParamters',
        'is not a field of upstream FoCoM\'s FocomProvisioningRequest spec; did you mean "templateParameters"?',
      ],
    ]);
  });

  it('are reported once by focom-render, which validates and expands in one process', () => {
    const upstreamInfo = {
      apiVersion: UPSTREAM,
      kind: 'TemplateInfo',
      metadata: meta('5g-ran-du-v1.0.0', 'info.yaml'),
      spec: { templateName: '5g-ran-du', templateVersion: 'v1.0.0', owner: 'ran-team' },
    };
    const upstream = request({
      oCloudId: 'edge',
      templateName: '5g-ran-du',
      templateVersion: 'v1.0.0',
      templateParameters: { namespace: 'ran-a' },
    });
    const output = runOnText(focomRender, resourceList([ocloud, upstreamInfo, upstream]));
    const lines = output.stderr.split('\n').filter((l) => l.includes('spec.owner'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('[warning]');
  });
});
