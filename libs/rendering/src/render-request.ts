import type { KrmObject } from '@focom/krm-runtime';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { labelValueOf } from '@focom/krm-runtime';
import { isPlainObject } from '@focom/krm-runtime';
import type { RequestCheck } from '@focom/domain';
import {
  CLCM_API_VERSION,
  O2IMS_API_VERSION,
  clcmRequestName,
  PREVIOUS_TEMPLATE_ANNOTATION,
  REQUEST_LABEL,
  TEMPLATE_ANNOTATION,
  TEMPLATE_CHANGE_ANNOTATION,
} from '@focom/domain';
import { type TemplateDefinition, templateLabel } from '@focom/domain';
import { MissingParameterError, substitute } from '@focom/domain';
import { DEFAULT_MONITORING, type MonitoringSettings } from '@focom/domain';
import { requestMonitoring } from '@focom/observability';
import { unsafeQueryParameter } from '@focom/observability';
import type { ObservabilityDeclaration } from '@focom/domain';

/** Whom a template is rendered for: names and labels of the monitoring objects it generates. */
export interface RenderContext {
  request: string;
  ocloud: string;
  monitoring: MonitoringSettings;
}

/** The context of a request's render. */
export function renderContext(check: RequestCheck, monitoring: MonitoringSettings = DEFAULT_MONITORING): RenderContext {
  return { request: check.request.name, ocloud: check.ocloud?.name ?? check.request.ocloudRef.name, monitoring };
}

export interface RenderedRequest {
  /** `<name>@<version>` of the template, or of the upstream template for a ProvisioningRequest. */
  template: string;
  objects: KrmObject[];
}

/** Labels and annotates what renderBare made. */
export function stampRendered(rendered: RenderedRequest, check: RequestCheck, change?: string): RenderedRequest {
  const previous = check.change?.from;
  const annotations: Record<string, string> = { [TEMPLATE_ANNOTATION]: rendered.template };
  if (previous !== undefined) {
    annotations[PREVIOUS_TEMPLATE_ANNOTATION] = previous;
    if (change !== undefined) annotations[TEMPLATE_CHANGE_ANNOTATION] = change;
  }
  return { template: rendered.template, objects: rendered.objects.map((o) => stamp(o, check.request.name, annotations)) };
}

/** The request's manifests as its template makes them, before they are labelled and annotated. */
export function renderBare(check: RequestCheck, monitoring: MonitoringSettings): Outcome<RenderedRequest> {
  if (!check.templateInfo) return fail('its TemplateInfo was not found');
  if (check.resolved) return renderTemplate(check.resolved.template, check.parameters, renderContext(check, monitoring));
  return renderProvisioningRequest(check, check.label);
}

/**
 * A template's manifests with the parameters filled in, followed by the monitoring objects its
 * observability declaration makes for `context`.
 */
export function renderTemplate(
  template: TemplateDefinition,
  parameters: Record<string, unknown>,
  context: RenderContext,
): Outcome<RenderedRequest> {
  const label = templateLabel(template);
  const objects: KrmObject[] = [];
  let observability: ObservabilityDeclaration | undefined;
  try {
    for (const resource of template.resources) {
      const object = substitute(resource, parameters);
      if (isPlainObject(object)) objects.push(object);
    }
    if (template.observability) {
      const unsafe = unsafeQueryParameter(template.observability, parameters);
      if (unsafe) return fail(`template "${label}": ${unsafe}`);
      observability = substitute(template.observability, parameters) as ObservabilityDeclaration;
    }
  } catch (error) {
    if (error instanceof MissingParameterError) {
      return fail(
        `template "${label}" uses parameter "${error.parameter}", which the request, its TemplateInfo and the schema defaults leave unset`,
      );
    }
    throw error;
  }
  if (observability) {
    const monitoring = requestMonitoring(observability, objects, { ...context, settings: context.monitoring, template: label });
    if (!monitoring.ok) return fail(`template "${label}": ${monitoring.reason}`);
    objects.push(...monitoring.value);
  }
  return succeed({ template: label, objects });
}

/**
 * A template outside the library: the O2IMS ProvisioningRequest the focom-operator would create,
 * for the template `label` names (`<name>@<version>` or `<name>`), in the API its OCloud names:
 * Nephio's o2ims.provisioning.oran.org (named after the request) or oran-o2ims's
 * clcm.openshift.io (named with a UUID derived from the OCloud and the request; its version is required).
 */
export function renderProvisioningRequest(check: RequestCheck, label = check.label): Outcome<RenderedRequest> {
  const { request } = check;
  const info = check.templateInfo?.templateInfo;
  if (!info) return fail('its TemplateInfo was not found');
  const at = label?.lastIndexOf('@') ?? -1;
  const templateName = label === undefined ? info.templateName.value : at > 0 ? label.slice(0, at) : label;
  const version = label !== undefined && at > 0 ? label.slice(at + 1) : undefined;
  const spec: Record<string, unknown> = { name: request.displayName ?? request.name };
  if (request.description) spec.description = request.description;
  spec.templateName = templateName;
  if (version) spec.templateVersion = version;
  spec.templateParameters = check.parameters;
  const api = check.ocloud?.o2imsApi ?? O2IMS_API_VERSION;
  if (api === CLCM_API_VERSION && !version)
    return fail(
      `OCloud "${check.ocloud?.name ?? ''}" targets ${CLCM_API_VERSION}, whose ProvisioningRequest requires spec.templateVersion: name the template version in the TemplateInfo`,
    );
  const name = api === CLCM_API_VERSION && check.ocloud ? clcmRequestName(check.ocloud, request) : request.name;
  const object: KrmObject = { apiVersion: api, kind: 'ProvisioningRequest', metadata: { name }, spec };
  return succeed({ template: version ? `${templateName}@${version}` : templateName, objects: [object] });
}

function stamp(object: KrmObject, requestName: string, ours: Record<string, string>): KrmObject {
  const metadata = isPlainObject(object.metadata) ? object.metadata : {};
  return {
    ...object,
    metadata: {
      ...metadata,
      labels: { ...(isPlainObject(metadata.labels) ? metadata.labels : {}), [REQUEST_LABEL]: labelValueOf(requestName) },
      annotations: { ...(isPlainObject(metadata.annotations) ? metadata.annotations : {}), ...ours },
    },
  };
}
