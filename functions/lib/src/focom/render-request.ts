import { type KrmObject, type Outcome, fail, isPlainObject, succeed } from '../../lib/src';
import {
  O2IMS_API_VERSION,
  REQUEST_LABEL,
  TEMPLATE_ANNOTATION,
  type RequestCheck,
  type TemplateDefinition,
  templateLabel,
} from '../../lib/src/focom';
import { MissingParameterError, substitute } from './substitute';

export interface RenderedRequest {
  /** `<name>@<version>` of the template, or of the upstream template for a ProvisioningRequest. */
  template: string;
  objects: KrmObject[];
}

/** The manifests one valid request expands to, labelled with the request and template. */
export function renderRequest(check: RequestCheck): Outcome<RenderedRequest> {
  const info = check.templateInfo;
  if (!info) return fail('its TemplateInfo was not found');
  if (info.template) return renderTemplate(check, info.template);
  return renderProvisioningRequest(check);
}

function renderTemplate(check: RequestCheck, template: TemplateDefinition): Outcome<RenderedRequest> {
  const label = templateLabel(template);
  const objects: KrmObject[] = [];
  for (const resource of template.resources) {
    let object: unknown;
    try {
      object = substitute(resource, check.parameters);
    } catch (error) {
      if (error instanceof MissingParameterError) {
        return fail(
          `template "${label}" uses parameter "${error.parameter}", which the request, its TemplateInfo and the schema defaults leave unset`,
        );
      }
      throw error;
    }
    if (!isPlainObject(object)) continue;
    objects.push(stamp(object, check.request.name, label));
  }
  return succeed({ template: label, objects });
}

/** A template outside the library: the O2IMS ProvisioningRequest the focom-operator would create. */
function renderProvisioningRequest(check: RequestCheck): Outcome<RenderedRequest> {
  const { request } = check;
  const info = check.templateInfo!.templateInfo;
  const version = request.templateVersion?.value ?? info.templateVersion?.value;
  const spec: Record<string, unknown> = { name: request.displayName ?? request.name };
  if (request.description) spec.description = request.description;
  const templateName = request.templateName?.value ?? info.templateName.value;
  spec.templateName = templateName;
  if (version) spec.templateVersion = version;
  spec.templateParameters = check.parameters;
  const label = version ? `${templateName}@${version}` : templateName;
  const object: KrmObject = {
    apiVersion: O2IMS_API_VERSION,
    kind: 'ProvisioningRequest',
    metadata: { name: request.name },
    spec,
  };
  return succeed({ template: label, objects: [stamp(object, request.name, label)] });
}

function stamp(object: KrmObject, requestName: string, template: string): KrmObject {
  const metadata = isPlainObject(object.metadata) ? object.metadata : {};
  object.metadata = {
    ...metadata,
    labels: { ...(isPlainObject(metadata.labels) ? metadata.labels : {}), [REQUEST_LABEL]: requestName },
    annotations: { ...(isPlainObject(metadata.annotations) ? metadata.annotations : {}), [TEMPLATE_ANNOTATION]: template },
  };
  return object;
}
