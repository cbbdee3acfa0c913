/**
 * Two YAML libraries, on purpose. `yaml` keeps comments and layout: it is the CST fallback
 * reader, every edit of a user's item (its Document), and the bounded reader of an item that may
 * hold aliases. js-yaml reads every other item into a plain object, because it is much faster
 * at it: 2,201 items of a 200-site fleet after validate and expand (5.8 MB) read in 0.57-0.72 s
 * with js-yaml against 5.4-8.4 s with `yaml` parseDocument + toJS, about 10-12x (measured on a
 * loaded 2-core machine, min and median of 7). Writing new items is in yaml-format.ts.
 */
import { CORE_SCHEMA, Type, load as loadJsYaml } from 'js-yaml';
import { type Document, parseDocument } from 'yaml';
import {
  ID_ANNOTATION,
  INDEX_ANNOTATION,
  INTERNAL_INDEX_ANNOTATION,
  INTERNAL_PATH_ANNOTATION,
  PACKAGE_PATH_ANNOTATION,
  PATH_ANNOTATION,
} from './annotations';
import type { FileRef, ResourceRef, Subject } from './results';
import { NestingTooDeepError } from './input-error';
import { leadingSpaces } from './leading-spaces';
import { isPlainObject, setOwn } from './plain-object';
import { insertMapEntry, topLevelBlock } from './text-edit';
import { YAML_OUTPUT_OPTIONS, YAML_READ_OPTIONS, createNode, documentOf, dumpNewObject, indentFollowingLines } from './yaml-format';

/** The plain-object view of a KRM resource. */
export interface KrmObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: {
    name?: unknown;
    namespace?: unknown;
    labels?: Record<string, unknown>;
    annotations?: Record<string, unknown>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Aliases expand when an item is read as a plain object; more than this is an attack, not config. */
export const MAX_ALIAS_COUNT = 100;

export type YamlPath = ReadonlyArray<string | number>;

/**
 * One item of a ResourceList.
 *
 * An item read from input keeps its original source text and is written back as exactly that
 * text unless it is edited. Reading uses js-yaml (fast, plain objects); editing uses the `yaml`
 * Document, created only for an item that really changes, which keeps comments and styles; an
 * edited item keeps the text before its value (the `- # comment` line). A new item is written
 * with js-yaml until something edits it.
 */
export class KrmItem {
  private cachedObject: KrmObject | undefined;
  private doc: Document | undefined;
  private edited = false;
  private mapping = true;
  /** Text inserts not yet read back, and the item as it was before the first of them. */
  private pendingInserts: Array<[string[], string]> = [];
  /** The item's text before the first pending insert; its object is read again from it only if an insert must be undone. */
  private textBeforeInserts: string | undefined;

  private constructor(
    document: Document | undefined,
    private sourceText: string | undefined,
    private readonly entryStart: string,
    /** For an item read by the fast splitter: the column of its `-`, to read `sourceText` alone. */
    private seqIndent: number | undefined,
    object?: KrmObject,
  ) {
    this.doc = document;
    this.cachedObject = object;
  }

  /** An item read from input: its sequence entry from `-` on, whose `-` stood at column `seqIndent`. */
  static fromText(sourceText: string, entryStart: string, seqIndent: number): KrmItem {
    const item = new KrmItem(undefined, sourceText, entryStart, seqIndent);
    void item.object; // reads it now, so malformed YAML is an input error, not a later crash
    return item;
  }

  /** An item with no source text, such as one a function creates. */
  static fromDocument(document: Document): KrmItem {
    return new KrmItem(document, undefined, '- ', undefined);
  }

  static fromObject(object: KrmObject): KrmItem {
    return new KrmItem(undefined, undefined, '- ', undefined, object);
  }

  get object(): KrmObject {
    if (this.cachedObject === undefined) {
      const js: unknown =
        this.doc === undefined && this.seqIndent !== undefined
          ? loadEntry(this.sourceText!, this.seqIndent)
          : this.document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      this.mapping = isPlainObject(js);
      this.cachedObject = this.mapping ? (js as KrmObject) : {};
    }
    return this.cachedObject;
  }

  /** Whether the item's value is a mapping, as every KRM resource is. */
  get isMapping(): boolean {
    void this.object;
    return this.mapping;
  }

  /** The `yaml` Document, parsed on first use: only edits need it. */
  get document(): Document {
    this.settleInserts();
    if (this.doc === undefined) {
      if (this.seqIndent !== undefined) {
        const parsed = parseDocument(entryValue(this.sourceText!, this.entryStart, this.seqIndent), YAML_READ_OPTIONS);
        const problem = parsed.errors[0];
        if (problem) throw new Error(`the item cannot be edited: ${problem.message}`);
        this.doc = parsed;
      } else {
        this.doc = documentOf(this.cachedObject ?? {});
      }
    }
    return this.doc;
  }
  get apiVersion(): string {
    return asString(this.object.apiVersion);
  }
  get kind(): string {
    return asString(this.object.kind);
  }
  get name(): string {
    return asString(this.object.metadata?.name);
  }
  get namespace(): string | undefined {
    const ns = this.object.metadata?.namespace;
    return typeof ns === 'string' && ns !== '' ? ns : undefined;
  }
  get annotations(): Record<string, string> {
    return stringRecord(this.object.metadata?.annotations);
  }
  get labels(): Record<string, string> {
    return stringRecord(this.object.metadata?.labels);
  }

  /** The apiVersion group, e.g. `focom.nephio.org` for `focom.nephio.org/v1alpha1`. */
  get group(): string {
    const slash = this.apiVersion.indexOf('/');
    return slash < 0 ? '' : this.apiVersion.slice(0, slash);
  }

  /** Where the item lives in its package, as kpt's annotations say (new-style or legacy). */
  get fileRef(): FileRef | undefined {
    const a = this.annotations;
    const path = a[PATH_ANNOTATION] ?? a[INTERNAL_PATH_ANNOTATION];
    if (path === undefined) return undefined;
    const indexText = a[INDEX_ANNOTATION] ?? a[INTERNAL_INDEX_ANNOTATION];
    const index = indexText !== undefined && /^\d+$/.test(indexText) ? Number(indexText) : undefined;
    return index === undefined ? { path } : { path, index };
  }

  /**
   * Identity of the item inside the package tree: package-path + path + index. Two resources
   * with the same kind and name in different files are different items.
   */
  get identity(): string {
    const a = this.annotations;
    const file = this.fileRef;
    if (file) return `${a[PACKAGE_PATH_ANNOTATION] ?? ''}|${file.path}|${file.index ?? 0}`;
    const id = a[ID_ANNOTATION];
    if (id !== undefined) return `id|${id}`;
    return `gvknn|${this.apiVersion}|${this.kind}|${this.namespace ?? ''}|${this.name}`;
  }

  get resourceRef(): ResourceRef {
    const ref: ResourceRef = { apiVersion: this.apiVersion, kind: this.kind, name: this.name };
    if (this.namespace) ref.namespace = this.namespace;
    return ref;
  }

  get subject(): Subject {
    const file = this.fileRef;
    return file ? { resourceRef: this.resourceRef, file } : { resourceRef: this.resourceRef };
  }

  get isEdited(): boolean {
    return this.edited;
  }

  /** The plain value at `path`, or undefined. */
  getIn(path: YamlPath): unknown {
    let current: unknown = this.object;
    for (const segment of path) {
      if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
      else if (isPlainObject(current) && Object.prototype.hasOwnProperty.call(current, segment)) current = current[String(segment)];
      else return undefined;
    }
    return current;
  }

  /** Sets a value, creating the maps on the way; comments elsewhere in the item are kept. */
  setIn(path: YamlPath, value: unknown): void {
    const current = this.getIn(path);
    if (sameValue(current, value)) return;
    this.writeOutNewItem();
    if (current === undefined && this.insertAsText(path, value)) return;
    const document = this.document;
    // A map on the way that is empty (`annotations:` with nothing after it) or not a map is
    // replaced by one holding the rest of the path: the Document cannot set inside a scalar.
    const blocked = path.findIndex(
      (_, i) => i < path.length - 1 && !isPlainObject(this.getIn(path.slice(0, i + 1))) && this.getIn(path.slice(0, i + 1)) !== undefined,
    );
    if (blocked >= 0) {
      const rest = path.slice(blocked + 1).reduceRight<unknown>((inner, key) => ({ [String(key)]: inner }), value);
      document.setIn(path.slice(0, blocked + 1), createNode(document, rest));
    } else {
      document.setIn(path as (string | number)[], createNode(document, value));
    }
    this.markEdited();
  }

  /**
   * A new string entry (`path` is not set yet) in a block mapping of an unedited item is added
   * to its text directly: stamping thousands of generated resources then needs no Document.
   * The inserts are read back once, before the text is next used (see settleInserts).
   */
  private insertAsText(path: YamlPath, value: unknown): boolean {
    if (this.edited || this.doc !== undefined || this.seqIndent === undefined || this.sourceText === undefined) return false;
    if (typeof value !== 'string' || !path.every((p) => typeof p === 'string')) return false;
    const parent = this.getIn(path.slice(0, -1));
    if (parent !== undefined && !isPlainObject(parent)) return false;
    const text = insertMapEntry(this.sourceText, this.seqIndent, path, value);
    if (text === undefined) return false;
    this.textBeforeInserts ??= this.sourceText;
    this.pendingInserts.push([path as string[], value]);
    this.cachedObject = withPath(this.object, path, value);
    this.sourceText = text;
    return true;
  }

  /**
   * Reads back the top-level blocks that text inserts touched and compares them with the intended
   * object. On any difference the inserts are undone and made again through the Document, so a
   * text edit can be wrong only by being slower.
   */
  private settleInserts(): void {
    if (this.pendingInserts.length === 0) return;
    const inserts = this.pendingInserts;
    this.pendingInserts = [];
    const verify = process.env[VERIFY_TEXT_EDITS_ENV];
    const intended = this.object;
    const readsBack = (key: string): boolean => {
      const block = topLevelBlock(this.sourceText!, this.seqIndent!, key);
      return block !== undefined && readsBackAs(block, { [key]: intended[key] });
    };
    const touched = [...new Set(inserts.map(([path]) => path[0]))];
    if (verify === 'skip' || touched.every(readsBack)) {
      this.textBeforeInserts = undefined;
      return;
    }
    if (verify === '1')
      throw new Error(`text edits of ${inserts.map(([p]) => p.join('.')).join(', ')} changed more than they should:\n${this.sourceText}`);
    this.sourceText = this.textBeforeInserts;
    this.cachedObject = undefined;
    this.textBeforeInserts = undefined;
    const document = this.document;
    for (const [path, value] of inserts) document.setIn(path, createNode(document, value));
    this.markEdited();
  }

  /**
   * A new item about to be edited becomes the text it would be written as, so the edit is made
   * on that text as the next function in a pipeline would make it on what it reads: a function
   * that runs several stages in one process then writes the same bytes as the stages do.
   */
  private writeOutNewItem(): void {
    if (this.edited || this.doc !== undefined || this.sourceText !== undefined || this.cachedObject === undefined) return;
    const body = dumpNewObject(this.cachedObject).replace(/\n+$/, '');
    this.sourceText = `${this.entryStart}${indentFollowingLines(body, valueOffset(this.entryStart))}\n`;
    this.seqIndent = 0;
  }

  /** The item as a sequence entry whose `-` stands at column `seqIndent`, ending in a newline. */
  toEntryText(seqIndent: number): string {
    this.settleInserts();
    const pad = ' '.repeat(seqIndent);
    if (!this.edited && this.sourceText !== undefined) {
      // An item written out at column 0 (a new one) moves as a whole to the list's column.
      const shift = seqIndent - (this.seqIndent ?? seqIndent);
      return pad + (shift > 0 ? this.sourceText.replace(/\n(?=.)/g, `\n${' '.repeat(shift)}`) : this.sourceText);
    }
    const body = (
      !this.edited && this.doc === undefined ? dumpNewObject(this.object) : this.document.toString(YAML_OUTPUT_OPTIONS)
    ).replace(/\n+$/, '');
    const valueIndent = seqIndent + valueOffset(this.entryStart);
    const indentedBody = indentFollowingLines(body, valueIndent);
    const startsOnOwnLine = this.entryStart.endsWith('\n');
    const head = startsOnOwnLine
      ? `${pad}${indentFollowingLines(this.entryStart, seqIndent)}${' '.repeat(valueIndent)}`
      : `${pad}${this.entryStart}`;
    return `${head}${indentedBody}\n`;
  }

  private markEdited(): void {
    this.edited = true;
    this.cachedObject = undefined;
  }
}

function sameValue(current: unknown, value: unknown): boolean {
  if (current === value) return true;
  if (typeof current !== 'object' || typeof value !== 'object' || current === null || value === null) return false;
  return JSON.stringify(current) === JSON.stringify(value);
}

/**
 * Aliases make js-yaml share objects, which a walk would expand without limit; such an item is
 * read through the `yaml` Document, whose alias expansion is bounded.
 */
const MAY_HOLD_ALIAS = /(^|[\s[{,:-])[*&][^\s,\]}]/;

/**
 * Set to 1 (the tests do) to make a text edit that does not read back as intended an error
 * instead of a silent fall-back to the Document: the tests then see every such edit. `skip`
 * turns the re-reading off; it exists only so that `npm run bench` can show what it costs.
 */
export const VERIFY_TEXT_EDITS_ENV = 'FOCOM_VERIFY_TEXT_EDITS';

/** A copy of `source` with `path` set to `value`: only the mappings along the path are copied. */
function withPath(source: Record<string, unknown>, path: readonly string[], value: unknown): KrmObject {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source)) setOwn(copy, key, source[key]);
  const [head, ...rest] = path;
  const next = rest.length === 0 ? value : withPath(isPlainObject(source[head]) ? source[head] : {}, rest, value);
  setOwn(copy, head, next);
  return copy;
}

/** Whether the YAML text reads back as exactly `expected` (same keys in the same order, same values). */
function readsBackAs(text: string, expected: Record<string, unknown>): boolean {
  try {
    return JSON.stringify(loadYaml(text)) === JSON.stringify(expected);
  } catch {
    return false;
  }
}

/** Deeper than this is not configuration; js-yaml reports it instead of overflowing the stack. */
export const MAX_NESTING_DEPTH = 500;

/**
 * The YAML 1.2 core schema, plus `!!binary` read as its base64 text: JSON (and so a Kubernetes
 * API server) carries binary data as base64, and the `yaml` reader keeps such a value as text too.
 */
const READ_SCHEMA = CORE_SCHEMA.extend([
  new Type('tag:yaml.org,2002:binary', {
    kind: 'scalar',
    resolve: (data: unknown) => typeof data === 'string',
    construct: (data: string) => data,
  }),
]);

/** Reads a sequence entry as a one-item sequence: no copy of the text is made to dedent it. */
function loadEntry(entryText: string, seqIndent: number): unknown {
  const text = seqIndent === 0 ? entryText : ' '.repeat(seqIndent) + entryText;
  return (loadYaml(text) as unknown[])[0];
}

/** Reads YAML text as plain values: js-yaml, or the `yaml` reader when aliases may need bounding. */
function loadYaml(text: string): unknown {
  if (MAY_HOLD_ALIAS.test(text) || text.includes('<<')) {
    const document = parseDocument(text, YAML_READ_OPTIONS);
    const problem = document.errors[0];
    if (problem) throw new Error(problem.message);
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  }
  try {
    return loadJsYaml(text, { schema: READ_SCHEMA, json: false, maxDepth: MAX_NESTING_DEPTH } as never);
  } catch (error) {
    if (/maxDepth/.test((error as Error).message)) throw new NestingTooDeepError(MAX_NESTING_DEPTH);
    throw error;
  }
}

/**
 * How far right of the `-` the entry's value stands: after `- ` 2, after a wide `-   ` 4, and 2
 * when the value starts on a line of its own (`- # comment`). Every line of an edited value is
 * written at this column, so the value keeps one indentation whatever its entry start.
 */
function valueOffset(entryStart: string): number {
  if (entryStart.endsWith('\n')) return 2;
  const lastLine = entryStart.slice(entryStart.lastIndexOf('\n') + 1);
  return lastLine.length - leadingSpaces(lastLine);
}

/** The entry's value as a YAML document of its own (dedented), for the yaml Document an edit needs. */
function entryValue(entryText: string, entryStart: string, seqIndent: number): string {
  const valueIndent = seqIndent + valueOffset(entryStart);
  const body = entryText.slice(entryStart.length);
  return body
    .split('\n')
    .map((line, i) => {
      if (i === 0 && !entryStart.endsWith('\n')) return line;
      return line.slice(Math.min(leadingSpaces(line), valueIndent));
    })
    .join('\n');
}

/** A scalar as text (a number or boolean as written); anything else, absent or a collection, as ''. */
function asString(value: unknown): string {
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
      ? String(value)
      : '';
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isPlainObject(value)) return out;
  for (const [k, v] of Object.entries(value))
    if (v !== null && v !== undefined) out[k] = typeof v === 'object' ? JSON.stringify(v) : asString(v);
  return out;
}
