import { INDEX_ANNOTATION, INTERNAL_INDEX_ANNOTATION, INTERNAL_PATH_ANNOTATION, PATH_ANNOTATION } from './annotations';
import { isPlainObject } from './plain-object';
import type { FileRef, ResourceRef, Subject } from './results';

/**
 * Where an item of the input is, for an error about the item itself: its file (kpt's path
 * annotation) and, when it could be read, its kind and name. `items[N]` alone does not let a
 * person with forty files find it.
 */
export interface ItemLocation {
  /** `deploy.yaml: Deployment web (items[4])`, `deploy.yaml: items[4]`, or `items[4]`. */
  where: string;
  subject: Subject;
}

/** The location of item `index`, from what could be read of it: its object, or else its raw text. */
export function itemLocation(index: number, read: { object?: unknown; text?: string }): ItemLocation {
  const at = `items[${index}]`;
  const fromObject = isPlainObject(read.object) ? locationOfObject(read.object) : undefined;
  const file = fromObject?.file ?? (read.text !== undefined ? scanFileRef(read.text) : undefined);
  const ref = fromObject?.resourceRef;
  const subject: Subject = {};
  if (ref) subject.resourceRef = ref;
  if (file) subject.file = file;
  const object = ref ? `${ref.kind} ${ref.name} (${at})` : at;
  return { where: file ? `${file.path}: ${object}` : object, subject };
}

function locationOfObject(object: Record<string, unknown>): { resourceRef?: ResourceRef; file?: FileRef } {
  const metadata = isPlainObject(object.metadata) ? object.metadata : {};
  const annotations = isPlainObject(metadata.annotations) ? metadata.annotations : {};
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const out: { resourceRef?: ResourceRef; file?: FileRef } = {};
  const kind = text(object.kind);
  const name = text(metadata.name);
  if (kind && name) {
    out.resourceRef = { apiVersion: text(object.apiVersion) ?? '', kind, name };
    const namespace = text(metadata.namespace);
    if (namespace) out.resourceRef.namespace = namespace;
  }
  const path = text(annotations[PATH_ANNOTATION]) ?? text(annotations[INTERNAL_PATH_ANNOTATION]);
  if (path) out.file = withIndex(path, text(annotations[INDEX_ANNOTATION]) ?? text(annotations[INTERNAL_INDEX_ANNOTATION]));
  return out;
}

function withIndex(path: string, index: string | undefined): FileRef {
  return index !== undefined && /^\d+$/.test(index) ? { path, index: Number(index) } : { path };
}

/** A line holding one of kpt's path or index annotation keys (plain or quoted) and the rest of the line. */
const ANNOTATION_LINE = /^[ \t]*(?:- )?(["']?)((?:internal\.)?config\.kubernetes\.io\/(?:path|index))(["']?):[ \t]+(\S.*)$/;

/**
 * The value of an annotation line, when it is all on that line as kpt writes it: plain (up to a
 * comment) or quoted without escapes. Anything else (a block scalar, an escape) is not believed.
 */
function lineValue(rest: string): string | undefined {
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    const end = rest.indexOf(quote, 1);
    if (end < 0 || rest.slice(1, end).includes('\\') || !/^\s*(#.*)?$/.test(rest.slice(end + 1))) return undefined;
    return rest.slice(1, end);
  }
  if (/^[|>&*!{[]/.test(rest)) return undefined;
  const comment = rest.search(/\s#/);
  return (comment < 0 ? rest : rest.slice(0, comment)).trim();
}

/**
 * The file of an item whose YAML cannot be read, from the lines of its text that hold kpt's path
 * annotation. Only an answer all such lines agree on is believed: two different paths (one of
 * them inside some value) name no file.
 */
export function scanFileRef(text: string): FileRef | undefined {
  const values = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const match = ANNOTATION_LINE.exec(line);
    if (!match || match[1] !== match[3]) continue;
    const kind = match[2].endsWith('path') ? 'path' : 'index';
    const value = lineValue(match[4]);
    if (value === undefined || value === '') continue;
    const seen = values.get(kind) ?? new Set<string>();
    seen.add(value);
    values.set(kind, seen);
  }
  const only = (kind: string): string | undefined => {
    const seen = values.get(kind);
    return seen?.size === 1 ? [...seen][0] : undefined;
  };
  const path = only('path');
  return path === undefined ? undefined : withIndex(path, only('index'));
}
