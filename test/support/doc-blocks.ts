/**
 * The shell blocks of a Markdown page as the docs test runs them. A fenced block in sh, bash or
 * shell is run; a comment on the line right above a block changes that:
 *
 *   <!-- docs-test: skip: <why it is not run> -->   the block is not run, for the reason given
 *   <!-- docs-test: output -->                       the block is what the run block before it prints
 *
 * A transcript (a `console` block, or a plain one whose first line starts with `$ `) is never run
 * as it is: it needs one of the two.
 * Pure: Markdown text in, steps and problems (file:line) out.
 */
import MarkdownIt from 'markdown-it';

export const SHELL_LANGUAGES: ReadonlySet<string> = new Set(['sh', 'bash', 'shell']);

export interface DocBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  language: string;
  text: string;
}

export type DocStep =
  { kind: 'run'; block: DocBlock } | { kind: 'skip'; block: DocBlock; reason: string } | { kind: 'output'; block: DocBlock; of: DocBlock };

type Marker = { kind: 'skip'; reason: string } | { kind: 'output' };

const MARKER = /^<!--\s*docs-test:\s*(.*?)\s*-->\s*$/s;

function readMarker(text: string): Marker | string | undefined {
  const match = MARKER.exec(text.trim());
  if (!match) return undefined;
  const body = match[1];
  if (body === 'output') return { kind: 'output' };
  const skip = /^skip\s*:\s*(.*)$/s.exec(body);
  if (skip) return skip[1].trim() === '' ? 'a skip marker must say why the block is not run' : { kind: 'skip', reason: skip[1].trim() };
  return `unknown docs-test marker ${JSON.stringify(body)}: use "skip: <why>" or "output"`;
}

export function docSteps(markdown: string, file: string): { steps: DocStep[]; problems: string[] } {
  const tokens = new MarkdownIt({ html: true }).parse(markdown, {});
  const steps: DocStep[] = [];
  const problems: string[] = [];
  let pending: { marker: Marker; endLine: number; line: number } | undefined;
  let lastRun: DocBlock | undefined;
  const dangling = (): void => {
    if (pending) problems.push(`${file}:${pending.line + 1}: a docs-test marker must sit on the line right above a fenced block`);
    pending = undefined;
  };
  for (const token of tokens) {
    if (token.type === 'html_block' && token.map) {
      const marker = readMarker(token.content);
      if (marker === undefined) continue;
      dangling();
      if (typeof marker === 'string') problems.push(`${file}:${token.map[0] + 1}: ${marker}`);
      else pending = { marker, endLine: token.map[1], line: token.map[0] };
      continue;
    }
    if (token.type !== 'fence' || !token.map) continue;
    const marker = pending && pending.endLine === token.map[0] ? pending.marker : undefined;
    if (!marker) dangling();
    pending = undefined;
    const block: DocBlock = { file, line: token.map[0] + 1, language: token.info.trim().split(/\s+/)[0] ?? '', text: token.content };
    const shell = SHELL_LANGUAGES.has(block.language);
    const transcript = block.language === 'console' || (block.language === '' && block.text.startsWith('$ '));
    const where = `${file}:${block.line}`;
    if (marker?.kind === 'skip') {
      if (shell || transcript) steps.push({ kind: 'skip', block, reason: marker.reason });
      else problems.push(`${where}: a skip marker on a block that is not run (${block.language || 'plain'})`);
      // An output block after it would show what this block prints, which nothing runs.
      lastRun = undefined;
    } else if (marker?.kind === 'output') {
      if (shell) problems.push(`${where}: an output marker on a ${block.language} block: output blocks are plain`);
      else if (block.text.trim() === '') problems.push(`${where}: an empty output block shows nothing to compare`);
      else if (!lastRun)
        problems.push(`${where}: an output block with no run block right before it on the page (a skipped block is not run)`);
      else steps.push({ kind: 'output', block, of: lastRun });
    } else if (shell) {
      steps.push({ kind: 'run', block });
      lastRun = block;
    } else if (transcript) {
      problems.push(`${where}: a transcript (console, or $ ...) needs a docs-test marker: skip with the reason, or output of a run block`);
    }
  }
  dangling();
  return { steps, problems };
}

/**
 * Whether `shown` (an output block) appears in `printed`, line by line and in one piece, trailing
 * blanks ignored: a block may show the part of a command's output that matters.
 */
export function showsPrintedOutput(shown: string, printed: string): boolean {
  const lines = (text: string): string[] => text.split('\n').map((l) => l.trimEnd());
  const want = lines(shown);
  while (want.length > 0 && want[0] === '') want.shift();
  while (want.length > 0 && want[want.length - 1] === '') want.pop();
  const have = lines(printed);
  for (let start = 0; start + want.length <= have.length; start += 1) {
    if (want.every((line, i) => have[start + i] === line)) return true;
  }
  return false;
}
