import {
  type KrmFunction,
  type KrmItem,
  type Result,
  describeConfig,
  errorResult,
  infoResult,
  placeInPackageOrder,
  warningResult,
  plural,
  readFunctionConfig,
} from '@focom/krm-runtime';
import {
  REQUEST_LABEL,
  checkGeneratedObjects,
  checkPackage,
  compareRequests,
  describeChoice,
  isGeneratedItem,
  reconcileGenerated,
  requestDir,
  resourceFile,
  violationResult,
} from '@focom/domain';
import { type ResourceDiff, describeChange, diffAgainstItems, renderBare, stampRendered } from '@focom/rendering';
import { EXPAND_CONFIG, monitoringSettings, templateAllowList } from './config';
import { rollbackToRender } from '@focom/observability';

/**
 * Expands every valid request into its template's manifests under `generated/`, keeps hand
 * edits to fields the template does not govern, and removes what no request generates any more.
 */
export const expandProvisioningRequest: KrmFunction = {
  config: EXPAND_CONFIG,
  name: 'expand-provisioning-request',
  usage: [
    "Expands each valid FocomProvisioningRequest into its template's manifests, written to",
    'generated/<request namespace>/<request name>/<kind>_<name>.yaml and labelled',
    `${REQUEST_LABEL}. A template outside the library becomes an O2IMS ProvisioningRequest.`,
    'Invalid requests are reported and generate nothing; resources of removed requests are deleted.',
    '',
    describeConfig(EXPAND_CONFIG),
  ].join('\n'),
  process(list) {
    const config = readFunctionConfig(list.functionConfig, EXPAND_CONFIG);
    const check = checkPackage(list.items, {
      unknownTemplate: config.value.unknownTemplate,
      rollbackTo: rollbackToRender(list.items, config.value),
    });
    const results: Result[] = [...config.results, ...check.results];
    const monitoring = monitoringSettings(config.value);
    const allow = templateAllowList(config.value);

    const previous = new Map<string, KrmItem>();
    const kept: KrmItem[] = [];
    for (const item of list.items) {
      if (isGeneratedItem(item)) previous.set(item.fileRef!.path, item);
      else kept.push(item);
    }

    const generated: KrmItem[] = [];
    let expanded = 0;
    for (const request of [...check.requests].sort((a, b) => compareRequests(a.request, b.request))) {
      if (!request.valid) continue;
      const outcome = renderBare(request, monitoring);
      if (!outcome.ok) {
        results.push(errorResult(`cannot expand: ${outcome.reason}`, request.request.item.subject));
        continue;
      }
      const dir = requestDir(request.request);
      // Templates are untrusted: what one generated is checked before anything of it is written.
      const violations = request.resolved
        ? checkGeneratedObjects(outcome.value.template, outcome.value.objects, request.parameters, allow)
        : [];
      if (violations.length > 0) {
        for (const violation of violations)
          results.push(violationResult(violation, outcome.value.template, request.request.name, resourceFile(dir, violation.object)));
        continue;
      }
      // What a version change does, worked out before reconciling updates the previous items in place.
      const previousHere = (): ResourceDiff =>
        diffAgainstItems(
          new Map([...previous].filter(([path]) => path.startsWith(`${dir}/`))),
          outcome.value.objects.map((object) => ({ path: resourceFile(dir, object), object })),
        );
      const change =
        request.change && describeChange(request, request.change, check.catalog, request.change.now ? previousHere : undefined, monitoring);
      const rendered = stampRendered(outcome.value, request, change);
      for (const object of rendered.objects) {
        const path = resourceFile(dir, object);
        generated.push(reconcileGenerated(object, path, previous.get(path)));
      }
      expanded += 1;
      const subject = request.request.item.subject;
      const how = request.resolved
        ? describeChoice(request.resolved, `set spec.templateVersion of TemplateInfo "${request.templateInfo!.templateInfo.name}"`)
        : rendered.template;
      if (rendered.objects.length === 0)
        results.push(
          warningResult(
            `template ${rendered.template} renders no resources, so nothing is delivered for this request: give the template manifests, or name another template`,
            subject,
          ),
        );
      else
        results.push(
          infoResult(`expanded into ${plural(rendered.objects.length, 'resource')} under ${dir}/ with template ${how}`, subject),
        );
      if (change && request.change?.now) results.push(infoResult(`template ${change}`, subject));
    }
    const generatedPaths = new Set(generated.map((g) => g.fileRef?.path));
    const removed = [...previous.keys()].filter((path) => !generatedPaths.has(path)).length;
    list.items = placeInPackageOrder(kept, generated);
    const skipped = check.requestCount - expanded;
    return {
      results,
      summary: `expanded ${plural(expanded, 'request')} into ${plural(generated.length, 'resource')}, skipped ${skipped}, removed ${plural(removed, 'stale resource')}`,
    };
  },
};
