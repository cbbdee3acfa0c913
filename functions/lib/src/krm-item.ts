import { type Document, isMap, type Node } from 'yaml';
import {
  ID_ANNOTATION,
  INDEX_ANNOTATION,
  INTERNAL_INDEX_ANNOTATION,
  INTERNAL_PATH_ANNOTATION,
  LOCAL_CONFIG_ANNOTATION,
  PACKAGE_PATH_ANNOTATION,
  PATH_ANNOTATION,
} from './annotations';
import type { FileRef, ResourceRef, Subject } from './results';
import { YAML_OUTPUT_OPTIONS, documentOf, indentFollowingLines } from './yaml-format';

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
 * text unless it is edited; an edited item keeps the text before its value (the `- # comment`
 * line) and serialises its value through the yaml Document, which keeps comments and styles.
 */
export class KrmItem {
  private cachedObject: KrmObject | undefined;
  private edited = false;

  private constructor(
    readonly document: Document,
    private readonly sourceText: string | undefined,
    private readonly entryStart: string,
  ) {}

  /** An item read from input: `sourceText` is its whole sequence entry from `-` on. */
  static fromSource(document: Document, sourceText: string, entryStart: string): KrmItem {
    const item = new KrmItem(document, sourceText, entryStart);
    item.object; // expands aliases now, so an alias bomb is an input error, not a later crash
    return item;
  }

  /** An item with no source text, such as one a function creates. */
  static fromDocument(document: Document): KrmItem {
    return new KrmItem(document, undefined, '- ');
  }

  static fromObject(object: KrmObject): KrmItem {
    return KrmItem.fromDocument(documentOf(object));
  }

  get object(): KrmObject {
    if (this.cachedObject === undefined) {
      const js: unknown = this.document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      this.cachedObject = isPlainObject(js) ? (js as KrmObject) : {};
    }
    return this.cachedObject;
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
  get isLocalConfig(): boolean {
    return this.annotations[LOCAL_CONFIG_ANNOTATION] === 'true';
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

  getIn(path: YamlPath): unknown {
    return this.document.getIn(path as (string | number)[]);
  }

  /** Sets a value, creating the maps on the way; comments elsewhere in the item are kept. */
  setIn(path: YamlPath, value: unknown): void {
    const current = this.document.getIn(path as (string | number)[], true) as Node | undefined;
    if (current !== undefined && sameValue(current, value)) return;
    this.document.setIn(path as (string | number)[], this.document.createNode(value, { aliasDuplicateObjects: false }));
    this.markEdited();
  }

  deleteIn(path: YamlPath): void {
    if (!this.document.hasIn(path as (string | number)[])) return;
    this.document.deleteIn(path as (string | number)[]);
    this.markEdited();
  }

  /** The item as a sequence entry whose `-` stands at column `seqIndent`, ending in a newline. */
  toEntryText(seqIndent: number): string {
    const pad = ' '.repeat(seqIndent);
    if (!this.edited && this.sourceText !== undefined) return pad + this.sourceText;
    const body = this.document.toString(YAML_OUTPUT_OPTIONS).replace(/\n+$/, '');
    const valueIndent = seqIndent + 2;
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

function sameValue(node: unknown, value: unknown): boolean {
  if (node === null || typeof node !== 'object') return node === value;
  const js = (node as { toJSON?: () => unknown }).toJSON?.();
  if (isMap(node) || Array.isArray(js)) return JSON.stringify(js) === JSON.stringify(value);
  return js === value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isPlainObject(value)) return out;
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = String(v);
  return out;
}
