import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import type { RenderRecord } from './generated-record';
import { type TemplateDefinition, parseTemplateLabel, templateLabel } from './template';
import { type TemplateCatalog, compareVersions, describeVersions } from './template-catalog';

/** How a request's template version was chosen. */
export type VersionChoice =
  /** Its TemplateInfo (or, upstream, the request) names the version. */
  | 'named'
  /** No version is named: the one its generated resources were last rendered with. */
  | 'kept'
  /** No version is named and nothing was rendered yet: the newest release. */
  | 'newest'
  /** The SLO gate rolled the request back from the version it resolved to (`rolledBackFrom`). */
  | 'rolled-back';

export interface ResolvedTemplate {
  template: TemplateDefinition;
  how: VersionChoice;
  /** The newest release, when it is newer than the chosen version. */
  newer?: TemplateDefinition;
  /** For a rollback: `<name>@<version>` the request resolved to before the SLO gate rolled it back. */
  rolledBackFrom?: string;
}

/** A change of the template a request renders with, from one `<name>@<version>` to another. */
export interface TemplateChange {
  from: string;
  to: string;
  /** True when this render makes the change; false when an earlier render made it and it is on record. */
  now: boolean;
  /** For a change on record: what it did, as reported when it was rendered. */
  recorded?: string;
}

/**
 * The template version a request renders with. A named version is used as named. Otherwise the
 * version on record (what the request was last rendered with) is kept, so a newer library never
 * upgrades a running site by itself; a request rendered for the first time gets the newest release.
 */
export function resolveVersion(
  catalog: TemplateCatalog,
  name: string,
  named: TemplateDefinition | undefined,
  record: RenderRecord | undefined,
  howToName: string,
): Outcome<ResolvedTemplate> {
  let resolved: ResolvedTemplate;
  const versions = catalog.versions(name);
  if (named) resolved = { template: named, how: 'named' };
  else {
    const recorded = record ? parseTemplateLabel(record.template) : undefined;
    if (recorded?.name === name && recorded.version !== undefined) {
      const kept = catalog.get(name, recorded.version);
      if (!kept) {
        return fail(
          `was last rendered with ${record!.template}, which neither the package nor the template library holds any more (they hold ${describeVersions(versions)}): ${howToName} to choose the version to move to`,
        );
      }
      resolved = { template: kept, how: 'kept' };
    } else {
      const newest = catalog.newestRelease(name);
      if (!newest) {
        return fail(`template ${name} has no release version to default to (it has ${describeVersions(versions)}): ${howToName}`);
      }
      resolved = { template: newest, how: 'newest' };
    }
  }
  const newest = catalog.newestRelease(name);
  if (newest && compareVersions(newest.version, resolved.template.version) > 0) resolved.newer = newest;
  return succeed(resolved);
}

/** The change between what is on record and what the request renders with now, if any. */
export function templateChange(record: RenderRecord | undefined, label: string): TemplateChange | undefined {
  if (!record) return undefined;
  if (record.template !== label) return { from: record.template, to: label, now: true };
  if (record.previous !== undefined && record.previous !== label) {
    const change: TemplateChange = { from: record.previous, to: label, now: false };
    if (record.change !== undefined) change.recorded = record.change;
    return change;
  }
  return undefined;
}

/** `upgraded`, `downgraded`, or `changed` (another template, or versions that do not compare). */
export function changeVerb(change: TemplateChange): string {
  const from = parseTemplateLabel(change.from);
  const to = parseTemplateLabel(change.to);
  if (from.name !== to.name || from.version === undefined || to.version === undefined) return 'changed';
  const order = compareVersions(to.version, from.version);
  return order > 0 ? 'upgraded' : order < 0 ? 'downgraded' : 'changed';
}

/** `from 5g-ran-du@v1.0.0 to v1.1.0` (the name once when it stays). */
export function describeFromTo(change: TemplateChange): string {
  const from = parseTemplateLabel(change.from);
  const to = parseTemplateLabel(change.to);
  const target = from.name === to.name && to.version !== undefined ? to.version : change.to;
  return `from ${change.from} to ${target}`;
}

/** Why this version, for the request's info result. */
export function describeChoice(resolved: ResolvedTemplate, howToName: string): string {
  const origin = resolved.template.origin;
  const from = origin === 'library' ? '' : ` from the package's ${resolved.template.source ?? `FocomTemplate ${origin.name}`}`;
  const label = `${templateLabel(resolved.template)}${from}`;
  const newer = resolved.newer ? `; ${resolved.newer.version} is newer` : '';
  switch (resolved.how) {
    case 'named':
      return `${label}, the version named${newer}`;
    case 'kept':
      return `${label}, kept from the last render (no version is named)${newer ? `${newer}: ${howToName} to upgrade` : ''}`;
    case 'newest':
      return `${label}, the newest release (no version is named, and the request was not rendered before)`;
    case 'rolled-back':
      return `${label}, rolled back (SLO gate) from ${resolved.rolledBackFrom ?? 'the version resolved'}, which burns its error budget`;
  }
}
