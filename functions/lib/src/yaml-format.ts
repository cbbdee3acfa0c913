import { Document, type ToStringOptions } from 'yaml';

/**
 * How this project writes YAML it creates or edits: kpt's own style (compact sequences,
 * no line folding), so a value the function writes looks like one kpt would write.
 */
export const YAML_OUTPUT_OPTIONS: ToStringOptions = {
  indent: 2,
  indentSeq: false,
  lineWidth: 0,
  minContentWidth: 0,
};

/** Serialises a plain value as YAML text ending in one newline. */
export function toYamlText(value: unknown): string {
  return new Document(value).toString(YAML_OUTPUT_OPTIONS);
}

/** Indents every non-empty line of `text` after the first by `indent` spaces. */
export function indentFollowingLines(text: string, indent: number): string {
  const pad = ' '.repeat(indent);
  return text
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : pad + line))
    .join('\n');
}
