import { PACKAGE_PATH_ANNOTATION } from '@focom/krm-runtime';
import type { KrmItem } from '@focom/krm-runtime';
import { type Result, errorResult } from '@focom/krm-runtime';
import { compareCodePoints } from './order';
import { type TemplateDefinition, templateFromSpec, templateLabel, templateSpecProblem } from './template';
import { FOCOM_GROUP, TEMPLATE_KIND, UPSTREAM_PROVISIONING_GROUP } from './vocabulary';

/** Groups of a site's intent (OClouds, TemplateInfos, requests): never a template's manifests. */
const INTENT_GROUPS = [FOCOM_GROUP, UPSTREAM_PROVISIONING_GROUP];

export interface PackageTemplates {
  templates: TemplateDefinition[];
  results: Result[];
}

export function isFocomTemplate(item: KrmItem): boolean {
  return item.kind === TEMPLATE_KIND && item.group === FOCOM_GROUP;
}

/** The folder of a package path: `templates/5g-ran-du` for `templates/5g-ran-du/template.yaml`, `` for the root. */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/**
 * Where items are, seen from the package root. `kpt fn render` gives each item of a subpackage
 * its path inside that subpackage and the subpackage's own (absolute) package path; `kpt fn
 * source` and `eval` give paths from the root and no package path. Both read the same here.
 */
class PackageFiles {
  private readonly root: string | undefined;

  constructor(items: readonly KrmItem[]) {
    const paths = items.map((i) => i.annotations[PACKAGE_PATH_ANNOTATION]).filter((p): p is string => p !== undefined);
    this.root = paths.length === 0 ? undefined : paths.reduce((a, b) => (b.length < a.length ? b : a));
  }

  /** `templates/5g-ran-du/template.yaml`, whichever way kpt framed the item. */
  pathOf(item: KrmItem): string | undefined {
    const path = item.fileRef?.path;
    if (path === undefined) return undefined;
    const pkg = item.annotations[PACKAGE_PATH_ANNOTATION];
    if (pkg === undefined || this.root === undefined || pkg === this.root || !pkg.startsWith(`${this.root}/`)) return path;
    return `${pkg.slice(this.root.length + 1)}/${path}`;
  }
}

/**
 * The package's own templates, in two forms. A FocomTemplate that lists `spec.resources` holds its
 * manifests. One that does not is a template folder in the library's layout (a Kptfile, the
 * FocomTemplate, manifest files with placeholders), as `kpt pkg get` of a library template
 * leaves it: its manifests are the other items of its folder, in path order. Two package
 * templates with the same name and version are an error naming both files; the first is used.
 */
export function readPackageTemplates(items: readonly KrmItem[]): PackageTemplates {
  const results: Result[] = [];
  const templates: TemplateDefinition[] = [];
  const firstFile = new Map<string, string>();
  const folderTemplates = new Map<string, KrmItem>();
  const files = new PackageFiles(items);
  for (const item of items) {
    if (!isFocomTemplate(item)) continue;
    const spec: unknown = item.object.spec;
    const inline = typeof spec === 'object' && spec !== null && (spec as Record<string, unknown>).resources !== undefined;
    let manifests: KrmItem[] | undefined;
    if (!inline) {
      const folder = templateFolder(item, items, folderTemplates, files);
      if (!folder.ok) {
        results.push(errorResult(folder.reason, item.subject, { path: 'spec.resources' }));
        continue;
      }
      manifests = folder.manifests;
    }
    const problem = templateSpecProblem(
      spec,
      manifests?.map((m) => m.object),
    );
    if (problem) {
      results.push(errorResult(problem.problem, item.subject, { path: problem.path }));
      continue;
    }
    const read = templateFromSpec(
      spec,
      manifests?.map((m) => m.object),
      item,
    );
    if (!read.ok) continue; // templateSpecProblem reported it
    const template = read.value;
    if (manifests) template.manifestItems = manifests;
    const source = files.pathOf(item);
    if (source !== undefined) template.source = source;
    const label = templateLabel(template);
    const here = source !== undefined ? `${source}#${item.fileRef?.index ?? 0}` : `FocomTemplate ${item.name}`;
    const first = firstFile.get(label);
    if (first !== undefined) {
      results.push(
        errorResult(
          `template ${label} is defined twice in the package, in ${first} and in ${here}: remove one, or give it another version`,
          item.subject,
          { path: 'spec.templateVersion', currentValue: template.version },
        ),
      );
      continue;
    }
    firstFile.set(label, here);
    templates.push(template);
  }
  return { templates, results };
}

type Folder = { ok: true; manifests: KrmItem[] } | { ok: false; reason: string };

function templateFolder(template: KrmItem, items: readonly KrmItem[], seen: Map<string, KrmItem>, files: PackageFiles): Folder {
  const path = files.pathOf(template);
  const layout =
    'list the manifests there, or keep the template in a folder of its own beside its Kptfile and manifest files, as kpt pkg get of a library template leaves it';
  if (path === undefined)
    return { ok: false, reason: `is not set and the FocomTemplate has no file to find a template folder by: ${layout}` };
  const folder = folderOf(path);
  const shown = folder === '' ? 'the package root' : `${folder}/`;
  const inFolder = items.filter((i) => {
    const p = files.pathOf(i);
    return p !== undefined && folderOf(p) === folder;
  });
  if (!inFolder.some((i) => i.kind === 'Kptfile')) {
    return { ok: false, reason: `is not set and ${shown} is not a template folder (it has no Kptfile): ${layout}` };
  }
  const other = seen.get(folder);
  if (other) {
    return {
      ok: false,
      reason: `is not set and ${shown} already holds FocomTemplate ${other.name} (${files.pathOf(other) ?? ''}): a template folder holds one template`,
    };
  }
  const manifests = inFolder
    .filter((i) => i !== template && i.kind !== 'Kptfile' && !isFocomTemplate(i))
    .sort((a, b) => compareCodePoints(files.pathOf(a)!, files.pathOf(b)!) || (a.fileRef!.index ?? 0) - (b.fileRef!.index ?? 0));
  // A site package's own folder holds its intent; a template folder holds only manifests.
  const intent = manifests.find((i) => INTENT_GROUPS.includes(i.group));
  if (intent) {
    return {
      ok: false,
      reason: `is not set and ${shown} is not a template folder: it holds ${intent.kind} ${intent.name} (${files.pathOf(intent) ?? ''}); ${layout}`,
    };
  }
  seen.set(folder, template);
  return { ok: true, manifests };
}
