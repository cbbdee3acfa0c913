import { compareCodePoints } from './order';
import { compareVersions, isRelease } from './semver';
import { type TemplateDefinition, templateLabel } from './template';

/**
 * Every template a package can use, keyed by name and version: the library's, then the
 * package's own, which win for the same name and version.
 */
export class TemplateCatalog {
  private readonly byLabel = new Map<string, TemplateDefinition>();
  private readonly byName = new Map<string, TemplateDefinition[]>();

  constructor(library: Iterable<TemplateDefinition>, local: Iterable<TemplateDefinition> = []) {
    for (const template of library) this.byLabel.set(templateLabel(template), template);
    for (const template of local) this.byLabel.set(templateLabel(template), template);
    for (const template of this.byLabel.values()) {
      const versions = this.byName.get(template.name);
      if (versions) versions.push(template);
      else this.byName.set(template.name, [template]);
    }
    for (const versions of this.byName.values()) versions.sort((a, b) => compareVersions(a.version, b.version));
  }

  get(name: string, version: string): TemplateDefinition | undefined {
    return this.byLabel.get(templateLabel({ name, version }));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Every version of a template, oldest first (semver order). */
  versions(name: string): readonly TemplateDefinition[] {
    return this.byName.get(name) ?? [];
  }

  /** The newest release (semver, no pre-release) of a template: what a request naming no version gets. */
  newestRelease(name: string): TemplateDefinition | undefined {
    return [...this.versions(name)].reverse().find((t) => isRelease(t.version));
  }

  /** Every template name, sorted. */
  names(): string[] {
    return [...this.byName.keys()].sort(compareCodePoints);
  }
}

/** `v1.0.0, v1.1.0`: the versions of a template for a message. */
export function describeVersions(templates: readonly TemplateDefinition[]): string {
  return templates.map((t) => t.version).join(', ');
}
