/**
 * Hostile request, OCloud and template names (unicode, 64 to 300 characters, "/", "..", quotes,
 * braces, PromQL, Go-template braces, leading digits and dashes): a render either fails with an
 * error pinned to the field that holds the name, or everything it writes carries names, labels,
 * annotation keys, condition types and paths Kubernetes accepts.
 *
 * The derivation itself runs FUZZ_RUNS times (10,000 by default); the whole render (focom-render,
 * in process) takes tens of milliseconds a package, so it runs a twentieth of that.
 */
import fc from 'fast-check';
import { KrmItem, runOnText } from '@focom/krm-runtime';
import { readFocomModel, requestDir } from '@focom/domain';
import { checkDerivedNames, monitoringNameProblem } from '@focom/domain';
import { templateLibrary } from '@focom/domain';
import { conditionTypeProblem, dns1123SubdomainProblem, labelValueOf, labelValueProblem, qualifiedNameProblem } from '@focom/krm-runtime';
import { gateRecordKey } from '@focom/observability';
import { focomRender } from '@focom/focom-render';
import { deliveryFile, deliveryName } from '@focom/inject-ocloud-targeting';
import { CONDITION_PREFIX, SLO_CONDITION_PREFIX } from '@focom/domain';
import { resultsOfResourceList } from '@focom/test-support/result-messages';
import { hostileName, pathProblem, siteNames, sitePackage, writtenNameProblems } from './hostile-names';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10000);
const PIPELINE_RUNS = Math.max(1, Math.ceil(RUNS / 20));

const UPF = [...templateLibrary().values()].find((t) => t.name === '5g-upf' && t.observability?.metrics)!;

function model(request: string, namespace: string, ocloud: string, secretNamespace: string) {
  const objects = [
    {
      apiVersion: 'focom.nephio.org/v1alpha1',
      kind: 'OCloud',
      metadata: { name: ocloud, namespace },
      spec: { secretRef: { name: 'kc', namespace: secretNamespace } },
    },
    {
      apiVersion: 'focom.nephio.org/v1alpha1',
      kind: 'FocomProvisioningRequest',
      metadata: { name: request, namespace },
      spec: { ocloudRef: { name: ocloud }, templateRef: { name: 't' }, parameters: {} },
    },
  ];
  return readFocomModel(objects.map((o) => KrmItem.fromObject(o))).model;
}

/** What the functions derive from a request and its OCloud that Kubernetes would refuse. */
function derivedProblems(request: string, namespace: string, ocloud: string, secretNamespace: string): string[] {
  const m = model(request, namespace, ocloud, secretNamespace);
  const check = checkDerivedNames(m);
  const problems: string[] = [];
  const expect = (what: string, problem: string | undefined): void => {
    if (problem) problems.push(`${what}: ${problem}`);
  };
  for (const result of check.results)
    if (!result.field?.path || !result.resourceRef) problems.push(`an error not pinned to a field: ${result.message}`);
  const [theRequest] = m.requests;
  const [theOCloud] = m.oclouds;
  // Only an object without a name (or a request naming no OCloud) is not read, and is reported as such.
  if ((!theRequest && request.trim() !== '' && ocloud.trim() !== '') || (!theOCloud && ocloud.trim() !== ''))
    throw new Error('a named request or OCloud was not read');
  if (!theRequest || !theOCloud) return problems;
  if (!check.unusableRequests.has(theRequest)) {
    expect('generated folder', pathProblem(`${requestDir(theRequest)}/deployment_x.yaml`));
    expect('condition type', conditionTypeProblem(`${CONDITION_PREFIX}${request}`));
    expect('SLO condition type', conditionTypeProblem(`${SLO_CONDITION_PREFIX}${request}`));
    expect('gate record key', qualifiedNameProblem(gateRecordKey(request)));
    expect('request label', labelValueProblem(labelValueOf(request)));
    expect('delivery name', dns1123SubdomainProblem(deliveryName({ requestName: request })));
    expect('delivery name as a label value', labelValueProblem(deliveryName({ requestName: request })));
    if (monitoringNameProblem(request, UPF) === undefined) {
      expect('PodMonitor', dns1123SubdomainProblem(`${request}-metrics`));
      expect('PrometheusRule', dns1123SubdomainProblem(`${request}-slos`));
    }
  } else if (!check.results.some((r) => r.resourceRef?.kind === 'FocomProvisioningRequest')) {
    problems.push('the request is left out without an error');
  }
  if (!check.unusableOClouds.has(theOCloud)) {
    expect('ocloud label', labelValueProblem(labelValueOf(ocloud)));
    if (theOCloud.secretRef) {
      const target = {
        requestName: request,
        generatedDir: requestDir(theRequest),
        ocloud: theOCloud,
        secretRef: theOCloud.secretRef,
        after: [],
        healthChecks: [],
      };
      if (!check.unusableRequests.has(theRequest)) expect('delivery file', pathProblem(deliveryFile(target, 'Kustomization')));
    }
  }
  return problems;
}

describe('hostile names', () => {
  it(`derive only valid names, or an error on the field that holds them, over ${RUNS} names`, () => {
    let usable = 0;
    fc.assert(
      fc.property(
        hostileName,
        fc.oneof(fc.constant('smo'), hostileName),
        hostileName,
        fc.oneof(fc.constant(''), hostileName),
        (r, ns, o, sns) => {
          const problems = derivedProblems(r, ns, o, sns);
          if (problems.length > 0) throw new Error(problems.join('\n'));
          if (dns1123SubdomainProblem(r) === undefined) usable += 1;
        },
      ),
      { numRuns: RUNS },
    );
    // The generator also makes names that are valid, so both halves of the property run.
    expect(usable).toBeGreaterThan(RUNS / 10);
  }, 600_000);

  it(`in a whole render: a field-pinned error, or only valid names written, over ${PIPELINE_RUNS} packages`, () => {
    let rendered = 0;
    fc.assert(
      fc.property(siteNames, (names) => {
        const out = runOnText(focomRender, sitePackage(names));
        if (out.stdout.includes('internal error')) throw new Error(`internal error:\n${out.stderr}`);
        const problems = writtenNameProblems(out.stdout, out.exitCode === 0 ? 'all' : 'written');
        if (problems.length > 0) throw new Error(problems.join('\n'));
        if (out.exitCode === 0) {
          rendered += 1;
          return;
        }
        const errors = resultsOfResourceList(out.stdout).filter((r) => (r as { severity?: string }).severity === 'error');
        if (!errors.some((r) => typeof r.field?.path === 'string' && r.field.path !== ''))
          throw new Error(`exit ${out.exitCode} without an error on a field:\n${out.stdout.slice(out.stdout.indexOf('results:'))}`);
      }),
      { numRuns: PIPELINE_RUNS },
    );
    expect(rendered).toBeGreaterThan(PIPELINE_RUNS / 20);
  }, 600_000);
});
