/**
 * SARIF 2.1.0 (OASIS), for GitHub code scanning (github/codeql-action/upload-sarif) and other
 * viewers: one run whose tool is the project's KRM functions, one rule per function, one result
 * per finding with its file (a relative URI) and line.
 */
import type { Finding } from './findings';
import { withoutControls } from './plain-text';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_TOOL = 'focom-kpt';
const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** A relative path as a URI reference: each folder's name percent-encoded. */
export function relativeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function sarifLog(findings: readonly Finding[]): string {
  const rules = [...new Set(findings.map((f) => f.ruleId))];
  const results = findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: rules.indexOf(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: withoutControls(`${f.title} ${f.message}`) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: relativeUri(f.path) },
          region: { startLine: f.line, ...(f.column === undefined ? {} : { startColumn: f.column }) },
        },
      },
    ],
    partialFingerprints: { 'focomFinding/v1': f.fingerprint },
  }));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: SARIF_TOOL, rules: rules.map((id) => ({ id, shortDescription: { text: `results of ${id}` } })) } },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
