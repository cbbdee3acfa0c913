/**
 * GitHub Actions workflow commands, one line per finding: `::error file=F,line=N,col=C,title=T::M`
 * shows as an annotation on the file and line of a pull request. Escaped as GitHub's runner
 * does (toolkit's command.ts): in the message % CR LF; in properties also : and ,.
 */
import type { Finding } from './findings';
import { withoutControls } from './plain-text';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

export function escapeData(text: string): string {
  return withoutControls(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubCommands(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const properties = [
        `file=${escapeProperty(f.path)}`,
        `line=${f.line}`,
        ...(f.column === undefined ? [] : [`col=${f.column}`]),
        `title=${escapeProperty(f.title)}`,
      ];
      return `::${COMMAND[f.severity]} ${properties.join(',')}::${escapeData(f.message)}\n`;
    })
    .join('');
}
