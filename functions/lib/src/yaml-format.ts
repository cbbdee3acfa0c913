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

/**
 * A Document of a plain value. Repeated objects are written out each time: yaml's default
 * anchors them (`&a1`/`*a1`), and kpt cannot read aliases in results (it fails writing
 * results.yaml with "expected MappingNode but got AliasNode").
 */
export function documentOf(value: unknown): Document {
  return new Document(value, { aliasDuplicateObjects: false });
}

/** Serialises a plain value as YAML text ending in one newline. */
export function toYamlText(value: unknown): string {
  return documentOf(value).toString(YAML_OUTPUT_OPTIONS);
}

/** Indents every non-empty line of `text` after the first by `indent` spaces. */
export function indentFollowingLines(text: string, indent: number): string {
  const pad = ' '.repeat(indent);
  return text
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : pad + line))
    .join('\n');
}
