/**
 * Two YAML libraries, on purpose. `yaml` writes every Document (edits of a user's item, results,
 * functionConfig); js-yaml writes the objects a function creates (dumpNewObject), because it is
 * faster at it: the 2,201 items of a 200-site fleet after validate and expand dumped in 0.98-1.37 s
 * with js-yaml against 3.8-5.5 s through a `yaml` Document (toYamlText), about 4x (min and median
 * of 7 on a loaded 2-core machine). Both write the same bytes for all of them and for the edge
 * values tried (multi-line, empty, ambiguous, indicator-led strings): the one quoting rule below
 * is given to both, so the choice is speed, not output. Reading is in krm-item.ts.
 */
import { CORE_SCHEMA, Type, dump as dumpJsYaml } from 'js-yaml';
import {
  Document,
  type DocumentOptions,
  type Node,
  type ParseOptions,
  Scalar,
  type ScalarTag,
  type SchemaOptions,
  type ToStringOptions,
  isNode,
  visit,
} from 'yaml';
import { isAmbiguousPlainScalar } from './ambiguous-scalar';

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
 * `!!binary` read as its base64 text, in both readers (js-yaml and `yaml`): JSON, and so the
 * Kubernetes API, carries binary data as base64, and the value is written back as it was.
 */
const BINARY_AS_TEXT: ScalarTag = {
  tag: 'tag:yaml.org,2002:binary',
  default: false,
  identify: () => false,
  resolve: (text: string) => text,
};

/** How every `yaml` Document of the user's text is read: the YAML 1.2 core schema, unique keys. */
export const YAML_READ_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  uniqueKeys: true,
  prettyErrors: false,
  customTags: [BINARY_AS_TEXT],
};

/**
 * Marks every string scalar of a node the project creates that a YAML 1.1 or 1.2 reader would
 * take for another type as double-quoted. Only created nodes pass through here: a scalar the user
 * wrote keeps its style.
 */
export function quoteAmbiguousStrings(node: Node): Node {
  visit(node, {
    Scalar(_key, scalar) {
      if (typeof scalar.value !== 'string') return;
      if (isAmbiguousPlainScalar(scalar.value) || STARTS_WITH_INDICATOR.test(scalar.value)) scalar.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return node;
}

/**
 * A string starting with a YAML indicator is double-quoted, as js-yaml writes it in new items,
 * although `yaml` would write `--config` plain: a list the Document rewrites then reads the same
 * as the one js-yaml first wrote, and an upgrade's diff shows only what the template changed.
 */
const STARTS_WITH_INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** A node for `value` in `document`, written with the project's quoting rule and no aliases. */
export function createNode(document: Document, value: unknown): Node {
  return quoteAmbiguousStrings(document.createNode(value, { aliasDuplicateObjects: false }));
}

/**
 * A Document of a plain value. Repeated objects are written out each time: yaml's default
 * anchors them (`&a1`/`*a1`), and kpt cannot read aliases in results (it fails writing
 * results.yaml with "expected MappingNode but got AliasNode").
 */
export function documentOf(value: unknown): Document {
  const document = new Document(value, { aliasDuplicateObjects: false });
  if (isNode(document.contents)) quoteAmbiguousStrings(document.contents);
  return document;
}

/** Serialises a plain value as YAML text ending in one newline. */
export function toYamlText(value: unknown): string {
  return documentOf(value).toString(YAML_OUTPUT_OPTIONS);
}

/**
 * js-yaml quotes a string when one of its schema's implicit types would resolve it; this type
 * resolves exactly the strings of the project's quoting rule, so js-yaml quotes those too. It
 * is used for writing only: nothing is ever read with this schema.
 */
const AMBIGUOUS_STRING = new Type('tag:krm-runtime,2026:ambiguous-string', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && isAmbiguousPlainScalar(data),
  construct: (data: unknown) => data,
});
const WRITE_SCHEMA = CORE_SCHEMA.extend({ implicit: [AMBIGUOUS_STRING] });

/** A new item's text, kpt-like: block style, no anchors, no folding, ambiguous strings quoted. */
export function dumpNewObject(object: unknown): string {
  return dumpJsYaml(object, { schema: WRITE_SCHEMA, noRefs: true, lineWidth: -1, indent: 2, noArrayIndent: true, quotingType: '"' });
}

/** Indents every non-empty line of `text` after the first by `indent` spaces. */
export function indentFollowingLines(text: string, indent: number): string {
  const pad = ' '.repeat(indent);
  return text
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : pad + line))
    .join('\n');
}
