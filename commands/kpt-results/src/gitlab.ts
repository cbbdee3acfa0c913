/**
 * A GitLab code quality report (artifacts:reports:codequality): a JSON array of issues, each
 * with description, check_name, fingerprint, severity and location (path, lines.begin). GitLab
 * shows them in the merge request's widget and diff; the fingerprint tells a new issue from one
 * the target branch already has.
 */
import type { Finding } from './findings';
import { withoutControls } from './plain-text';

const SEVERITY = { error: 'critical', warning: 'major', info: 'info' } as const;

export function gitlabCodeQuality(findings: readonly Finding[]): string {
  const issues = findings.map((f) => ({
    description: withoutControls(`${f.title} ${f.message}`),
    check_name: f.ruleId,
    fingerprint: f.fingerprint,
    severity: SEVERITY[f.severity],
    location: { path: f.path, lines: { begin: f.line } },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
