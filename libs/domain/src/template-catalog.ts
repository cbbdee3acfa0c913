import parse from 'semver/functions/parse';
import { compareCodePoints } from './order';
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

/** A release: semver without a pre-release part (`v1.1.0`, not `v1.2.0-rc.1` or `latest`). */
export function isRelease(version: string): boolean {
  return parseSemver(version)?.prerelease.length === 0;
}

/** The semver package trims; a version with spaces around it is not one a template names. */
function parseSemver(version: string) {
  return version === version.trim() ? parse(version) : null;
}

/**
 * Semver precedence (a leading `v` allowed); versions that are not semver sort before every
 * semver version, among themselves by code point, so the order is total and deterministic.
 */
export function compareVersions(a: string, b: string): number {
  const left = parseSemver(a);
  const right = parseSemver(b);
  if (!left || !right) {
    if (left) return 1;
    if (right) return -1;
    return compareCodePoints(a, b);
  }
  // Equal precedence (build metadata differs, or `v` does): fall back to the text.
  return left.compare(right) || compareCodePoints(a, b);
}
