/**
 * The releases a template library holds, in the order a template repository publishes them: each
 * folder of packages/templates is one release (`<name>/` the newest, `<name>-<version>/` an
 * earlier one), named by its FocomTemplate's spec.templateName and spec.templateVersion.
 */
import { valid } from 'semver';
import { compareVersions } from '@focom/domain';
import { dns1123LabelProblem } from '@focom/krm-runtime';

export interface TemplateRelease {
  /** The library folder that holds the release, e.g. `5g-ran-du-v1.0.0`. */
  folder: string;
  name: string;
  version: string;
}

/** Where kpt finds a release: `kpt pkg get <repo>/<dir>@<version>` resolves the tag `<dir>/<version>`. */
export function releaseTag(release: TemplateRelease): string {
  return `packages/templates/${release.name}/${release.version}`;
}

/** The folder the release sits in inside a template repository. */
export function releaseDirectory(release: TemplateRelease): string {
  return `packages/templates/${release.name}`;
}

/**
 * Checks the releases read from the library and orders them: by template name, then oldest version
 * first, so each tag is a commit on top of the release before it. Problems name the folder.
 */
export function orderReleases(releases: readonly TemplateRelease[]): { releases: TemplateRelease[]; problems: string[] } {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const release of releases) {
    if (dns1123LabelProblem(release.name) !== undefined)
      problems.push(`${release.folder}: spec.templateName ${JSON.stringify(release.name)} is not a DNS-1123 label`);
    if (valid(release.version.replace(/^v/, '')) === null)
      problems.push(`${release.folder}: spec.templateVersion ${JSON.stringify(release.version)} is not a semantic version like v1.2.0`);
    const key = `${release.name}@${release.version}`;
    const other = seen.get(key);
    if (other !== undefined) problems.push(`${release.folder}: ${key} is also in ${other}`);
    seen.set(key, release.folder);
  }
  if (problems.length > 0) return { releases: [], problems };
  const ordered = [...releases].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : compareVersions(a.version, b.version)));
  return { releases: ordered, problems };
}
