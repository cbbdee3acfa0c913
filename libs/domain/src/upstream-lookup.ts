import type { ProvisioningRequest, TemplateInfo } from './model';

/** `"name" in namespace "ns"`, or `"name" (no namespace)`. */
export function describeRef(namespace: string, name: string): string {
  return namespace ? `"${name}" in namespace "${namespace}"` : `"${name}" (no namespace)`;
}

/** Upstream looks a TemplateInfo up as `<templateName>-<templateVersion>`; say which one was probably meant. */
export function missingUpstreamInfo(request: ProvisioningRequest, infos: readonly TemplateInfo[]): string {
  const ref = request.templateInfoRef;
  const base = `names TemplateInfo ${describeRef(ref.namespace, ref.name)} (upstream FoCoM looks a TemplateInfo up as <templateName>-<templateVersion>), which is not in the package`;
  const name = request.templateName?.value;
  const version = request.templateVersion?.value;
  const same = infos.filter((i) => i.templateName.value === name && i.templateVersion?.value === version);
  if (same.length > 0) {
    const which = same.map((i) => `TemplateInfo ${describeRef(i.namespace, i.name)}`).join(' or ');
    const where = same.some((i) => i.namespace !== ref.namespace) ? ` in namespace "${ref.namespace}"` : '';
    const spec = same.length === 1 ? 'Its spec names' : 'Their specs name';
    const rename = same.length === 1 ? 'rename it' : 'rename one of them';
    return `${base}; did you mean ${which}? ${spec} ${name} ${version}, but upstream finds a TemplateInfo only by its name: ${rename} to "${ref.name}"${where}`;
  }
  const otherVersions = infos.filter((i) => i.templateName.value === name && i.namespace === ref.namespace);
  if (otherVersions.length > 0) {
    const listed = otherVersions.map((i) => `"${i.name}" (${i.templateVersion?.value ?? 'no version'})`).join(', ');
    return `${base}; TemplateInfos of template ${name} here: ${listed}`;
  }
  return base;
}

/** Upstream resolves by `<templateName>-<templateVersion>` and rejects a TemplateInfo that says otherwise. */
export function mismatch(request: ProvisioningRequest, info: TemplateInfo, fail: (m: string, p: string, v?: unknown) => void): void {
  if (request.dialect !== 'upstream' || !request.templateName || !request.templateVersion) return;
  if (info.templateName.value !== request.templateName.value) {
    fail(
      `is "${request.templateName.value}" but TemplateInfo "${info.name}" has templateName "${info.templateName.value}"`,
      'spec.templateName',
      request.templateName.value,
    );
  }
  const version = info.templateVersion?.value;
  if (version !== undefined && version !== request.templateVersion.value) {
    fail(
      `is "${request.templateVersion.value}" but TemplateInfo "${info.name}" has templateVersion "${version}"`,
      'spec.templateVersion',
      request.templateVersion.value,
    );
  }
}
