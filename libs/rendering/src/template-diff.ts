import type { KrmItem, KrmObject } from '@focom/krm-runtime';
import { isPlainObject } from '@focom/krm-runtime';
import type { RequestCheck } from '@focom/domain';
import { mergeParameters, schemaDefaults } from '@focom/domain';
import { renderBare, renderContext, renderProvisioningRequest, renderTemplate } from './render-request';
import { DEFAULT_MONITORING, type MonitoringSettings } from '@focom/domain';
import { parseTemplateLabel } from '@focom/domain';
import type { TemplateCatalog } from '@focom/domain';
import { type TemplateChange, changeVerb, describeFromTo } from '@focom/domain';
import { PREVIOUS_TEMPLATE_ANNOTATION, TEMPLATE_ANNOTATION, TEMPLATE_CHANGE_ANNOTATION } from '@focom/domain';

/** What a template change does to a request's resources, as `Kind name` lists. */
export interface ResourceDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

/**
 * The resources each side renders, compared by kind, namespace and name: added (only after),
 * removed (only before) and changed (both, with different content). Lists follow the order of the
 * side they come from.
 */
export function diffRenderings(before: readonly KrmObject[], after: readonly KrmObject[]): ResourceDiff {
  const old = new Map(before.map((o) => [identity(o), o]));
  const now = new Set(after.map(identity));
  const diff: ResourceDiff = { added: [], removed: [], changed: [] };
  for (const object of after) {
    const previous = old.get(identity(object));
    if (previous === undefined) diff.added.push(describe(object));
    else if (canonical(previous) !== canonical(object)) diff.changed.push(describe(object));
  }
  for (const object of before) if (!now.has(identity(object))) diff.removed.push(describe(object));
  return diff;
}

function identity(object: KrmObject): string {
  const metadata = isPlainObject(object.metadata) ? object.metadata : {};
  return JSON.stringify([object.kind, metadata.namespace ?? '', metadata.name ?? '']);
}

function describe(object: KrmObject): string {
  const name = isPlainObject(object.metadata) ? object.metadata.name : undefined;
  return `${String(object.kind)} ${String(name)}`;
}

/** JSON with sorted keys: two renderings differ only when their content does. */
function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) Object.defineProperty(out, key, { value: sortKeys(value[key]), enumerable: true });
  return out;
}

/**
 * The diff of a request's change: the template it was rendered with before and the one it renders
 * with now, each with the request's parameters applied (each version's own schema defaults, then
 * the TemplateInfo's and the request's values). Undefined when the earlier template is no longer
 * in the package or the library.
 */
export function changeDiff(
  check: RequestCheck,
  change: TemplateChange,
  catalog: TemplateCatalog,
  monitoring: MonitoringSettings = DEFAULT_MONITORING,
): ResourceDiff | undefined {
  const now = renderBare(check, monitoring);
  if (!now.ok) return undefined;
  const from = parseTemplateLabel(change.from);
  const earlier = from.version === undefined ? undefined : catalog.get(from.name, from.version);
  let before;
  if (earlier) {
    const schemas = [...(check.templateInfo?.schemas.map((s) => s.schema) ?? []), earlier.parameterSchema];
    const parameters = mergeParameters(
      ...schemas.map(schemaDefaults),
      check.templateInfo?.templateInfo.parameters?.value,
      check.request.parameters.value,
    );
    before = renderTemplate(earlier, parameters, renderContext(check, monitoring));
  } else if (!check.resolved && !catalog.has(from.name)) {
    before = renderProvisioningRequest(check, change.from);
  } else return undefined;
  return before.ok ? diffRenderings(before.value.objects, now.value.objects) : undefined;
}

/**
 * What a render does to the resources a request had: each new object against the item at its
 * path, counting only the fields the template sets (what reconciling would change), and the
 * items no object replaces. The template annotations themselves do not count.
 */
export function diffAgainstItems(
  previous: ReadonlyMap<string, KrmItem>,
  rendered: ReadonlyArray<{ path: string; object: KrmObject }>,
): ResourceDiff {
  const diff: ResourceDiff = { added: [], removed: [], changed: [] };
  const paths = new Set(rendered.map((r) => r.path));
  for (const { path, object } of rendered) {
    const item = previous.get(path);
    if (!item) diff.added.push(describe(object));
    else if (differs(item, [], object)) diff.changed.push(describe(object));
  }
  for (const [path, item] of previous) if (!paths.has(path)) diff.removed.push(`${item.kind} ${item.name}`);
  return diff;
}

const BOOKKEEPING = new Set([TEMPLATE_ANNOTATION, PREVIOUS_TEMPLATE_ANNOTATION, TEMPLATE_CHANGE_ANNOTATION]);

function differs(item: KrmItem, path: string[], value: unknown): boolean {
  if (isPlainObject(value)) {
    const annotations = path.length === 2 && path[0] === 'metadata' && path[1] === 'annotations';
    return Object.entries(value).some(([key, child]) => !(annotations && BOOKKEEPING.has(key)) && differs(item, [...path, key], child));
  }
  return canonical(item.getIn(path)) !== canonical(value);
}

/**
 * `upgraded from 5g-ran-du@v1.0.0 to v1.1.0: added NetworkPolicy ran-du; changed ConfigMap
 * ran-du-config, Deployment ran-du`, for the info result and the Kptfile condition. When the
 * earlier template is gone (a template folder that kpt pkg update replaced), `fallback` (what the
 * render changes in the package) is listed if given.
 */
export function describeChange(
  check: RequestCheck,
  change: TemplateChange,
  catalog: TemplateCatalog,
  fallback?: () => ResourceDiff,
  monitoring: MonitoringSettings = DEFAULT_MONITORING,
): string {
  if (change.recorded !== undefined) return change.recorded;
  const head = `${changeVerb(change)} ${describeFromTo(change)}`;
  const diff = changeDiff(check, change, catalog, monitoring) ?? fallback?.();
  if (!diff) return `${head} (${change.from} is no longer in the package or the template library, so what changed is not listed)`;
  const parts: string[] = [];
  if (diff.added.length > 0) parts.push(`added ${diff.added.join(', ')}`);
  if (diff.removed.length > 0) parts.push(`removed ${diff.removed.join(', ')}`);
  if (diff.changed.length > 0) parts.push(`changed ${diff.changed.join(', ')}`);
  return parts.length > 0 ? `${head}: ${parts.join('; ')}` : `${head}: the rendered resources are the same`;
}
