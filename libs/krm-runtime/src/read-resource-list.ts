import { CST, Composer, Document, Parser, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { InputError, NestingTooDeepError } from './input-error';
import { type ItemLocation, itemLocation } from './item-location';
import { KrmItem, type KrmObject, MAX_ALIAS_COUNT } from './krm-item';
import { type SplitResourceList, splitResourceList } from './split-resource-list';
import { RESOURCE_LIST_API_VERSIONS, type ResourceList } from './resource-list';
import { YAML_READ_OPTIONS } from './yaml-format';

type Token = CST.Token;
type CollectionItem = CST.CollectionItem;

const COMPOSE_OPTIONS = YAML_READ_OPTIONS;

export interface ReadOptions {
  /** false reads with the CST reader only, as for layouts the line scanner does not take (tests compare the two). */
  lineScanner?: boolean;
}

/**
 * Reads a ResourceList. Every item keeps its exact source text so an item the function leaves
 * alone is written back byte for byte (comments, quotes, block scalars, indentation).
 * The fast path is the line scan (split-resource-list.ts), which the launcher's idle check also
 * uses; when it cannot prove the layout, the whole input is parsed once into a CST.
 * Throws InputError for anything that is not a readable ResourceList.
 */
export function readResourceList(text: string, options: ReadOptions = {}): ResourceList {
  if (text.trim() === '') throw new InputError('the input is empty: expected a ResourceList (kind: ResourceList) on stdin');
  const split = options.lineScanner === false ? undefined : splitResourceList(text);
  if (split) return readSplitResourceList(split);
  const tokens = parseTokens(text);
  const documents = tokens.filter((t): t is CST.Document => t.type === 'document');
  if (documents.length !== 1) {
    throw new InputError(`the input holds ${documents.length} YAML documents: expected exactly one ResourceList`);
  }
  const root = documents[0].value;
  if (root?.type === 'block-map') return readBlockResourceList(text, root);
  return readComposedResourceList(text, tokens);
}

/** The fast path: items found by line, each read on its own with js-yaml. */
function readSplitResourceList(split: SplitResourceList): ResourceList {
  const header = readHeader(split.apiVersion, split.kind);
  const list: ResourceList = { ...header, seqIndent: split.seqIndent, items: [] };
  list.items = split.items.map((entry, index) => {
    let item: KrmItem;
    try {
      item = KrmItem.fromText(entry.entryText, entry.entryStart, split.seqIndent);
    } catch (error) {
      throw readFailure(unreadable(index, entry.entryText, split.seqIndent, error), error, 'is not valid YAML');
    }
    if (!item.isMapping) throw notAMapping(itemLocation(index, { text: entry.entryText }));
    return item;
  });
  if (split.functionConfigText !== undefined) {
    const composed = parseDocument(split.functionConfigText, COMPOSE_OPTIONS);
    const problem = composed.errors[0];
    if (problem) throw new InputError(`functionConfig is not valid YAML: ${firstLine(problem.message)}`);
    const value = composed.get('functionConfig', true);
    if (!isNullNode(value)) {
      if (!isMap(value)) throw new InputError('the input is not a ResourceList: "functionConfig" is not a mapping');
      const document = new Document();
      document.contents = value;
      list.functionConfig = KrmItem.fromDocument(document);
      list.functionConfigText = split.functionConfigText;
    }
  }
  return list;
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

function parseTokens(text: string): Token[] {
  const tokens: Token[] = [];
  for (const token of new Parser().parse(text)) {
    if (token.type === 'error') throw new InputError(`the input is not valid YAML: ${token.message} at offset ${token.offset}`);
    tokens.push(token);
  }
  return tokens;
}

function readBlockResourceList(text: string, root: CST.BlockMap): ResourceList {
  const fields = new Map<string, CollectionItem>();
  for (const entry of root.items) {
    const key = entry.key ? CST.resolveAsScalar(entry.key)?.value : undefined;
    if (key === undefined) throw new InputError('the input is not valid YAML: a top-level key is missing or complex');
    if (fields.has(key)) throw new InputError(`the input is not valid YAML: the top-level key "${key}" appears twice`);
    fields.set(key, entry);
  }
  const header = readHeader(scalarField(fields, 'apiVersion'), scalarField(fields, 'kind'));
  const list: ResourceList = { ...header, items: [], seqIndent: 0 };

  const itemsToken = fields.get('items')?.value;
  if (itemsToken?.type === 'block-seq') {
    list.seqIndent = itemsToken.indent;
    const end = lineStart(text, nextFieldOffset(root, fields.get('items')!) ?? text.length);
    const { prologue, entries } = sliceEntries(text, itemsToken, end);
    if (prologue !== '') list.itemsPrologue = prologue;
    list.items = entries.map((entry, index) => {
      const located = (error?: unknown): ItemLocation => unreadable(index, entry.entryText, itemsToken.indent, error);
      if (!entry.valueToken || isNullScalar(entry.valueToken)) {
        const where = located();
        throw new InputError(`${where.where} is empty: expected a KRM resource`, where.subject);
      }
      // Composed for the parser's own checks (duplicate keys, malformed flow); the item reads its text.
      const document = composeToken(entry.valueToken, located);
      if (!isMap(document.contents)) throw notAMapping(located());
      return guard(located, () => KrmItem.fromText(entry.entryText, entry.entryStart, itemsToken.indent));
    });
  } else if (itemsToken !== undefined && !isEmptyFlowOrNull(itemsToken)) {
    const composed = composeToken(itemsToken, () => ({ where: 'items', subject: {} }));
    if (!isSeq(composed.contents)) throw new InputError('the input is not a ResourceList: "items" is not a list');
    list.items = composed.contents.items.map((node, index) => itemFromNode(node, index));
  }

  const configEntry = fields.get('functionConfig');
  if (configEntry?.value && !isNullScalar(configEntry.value)) {
    const composed = composeToken(configEntry.value, () => ({ where: 'functionConfig', subject: {} }));
    if (!isMap(composed.contents)) throw new InputError('the input is not a ResourceList: "functionConfig" is not a mapping');
    list.functionConfig = KrmItem.fromDocument(composed);
    list.functionConfigText = trimTrailingIndent(CST.stringify(configEntry));
  }
  return list;
}

function readHeader(apiVersion: string | undefined, kind: string | undefined): Pick<ResourceList, 'apiVersion' | 'kind'> {
  if (kind !== 'ResourceList' && kind !== 'List') {
    throw new InputError(
      `the input is not a ResourceList: kind is ${kind === undefined ? 'missing' : `"${kind}"`}, expected "ResourceList"`,
    );
  }
  const version = apiVersion ?? '';
  if (!(RESOURCE_LIST_API_VERSIONS as readonly string[]).includes(version)) {
    throw new InputError(`the input is not a ResourceList: apiVersion "${version}" is not one of ${RESOURCE_LIST_API_VERSIONS.join(', ')}`);
  }
  return { apiVersion: version, kind };
}

function scalarField(fields: Map<string, CollectionItem>, key: string): string | undefined {
  const token = fields.get(key)?.value;
  if (!token) return undefined;
  const scalar = CST.resolveAsScalar(token);
  return scalar ? scalar.value : undefined;
}

interface SlicedEntry {
  entryText: string;
  entryStart: string;
  valueToken: Token | undefined;
}

/**
 * Each entry of a block sequence as a slice of the input, cut exactly as the line scanner cuts:
 * from its `-` to the line of the next `-`, so comment lines between items belong to the item
 * before them. Whatever precedes the first `-` (comments after `items:`) is the prologue.
 */
function sliceEntries(text: string, seq: CST.BlockSequence, end: number): { prologue: string; entries: SlicedEntry[] } {
  const dashes = seq.items.map((entry, index) => {
    const dash = entry.start.find((t) => t.type === 'seq-item-ind');
    if (!dash) throw new InputError(`items[${index}] is not a sequence entry`);
    return dash.offset;
  });
  const firstDashLine = dashes.length > 0 ? lineStart(text, dashes[0]) : end;
  const prologue = text.slice(lineEnd(text, seq.offset > 0 ? lineStart(text, seq.offset) - 1 : 0), firstDashLine);
  const entries = seq.items.map((entry, n) => {
    const dash = dashes[n];
    const stop = n + 1 < dashes.length ? lineStart(text, dashes[n + 1]) : end;
    let entryText = text.slice(dash, stop);
    if (!entryText.endsWith('\n')) entryText += '\n';
    const valueOffset = entry.value ? entry.value.offset : dash + 1;
    const head = text.slice(dash, valueOffset);
    const entryStart = head.includes('\n') ? text.slice(dash, lineEnd(text, dash)) : head;
    return { entryText, entryStart, valueToken: entry.value };
  });
  return { prologue: prologueOrEmpty(prologue), entries };
}

/** Only comment and blank lines make a prologue worth writing back. */
function prologueOrEmpty(text: string): string {
  return text.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('#')) ? '' : text;
}

/** Offset of the start of the line holding `offset`. */
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the newline ending the line holding `offset` (or the end of the text). */
function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

/** Where the top-level field after `field` starts (its key), or undefined for the last field. */
function nextFieldOffset(root: CST.BlockMap, field: CollectionItem): number | undefined {
  const index = (root.items as CollectionItem[]).indexOf(field);
  const next = root.items[index + 1];
  if (!next) return undefined;
  const first = [...next.start, ...(next.key ? [next.key] : [])].find(
    (t) => t.type !== 'space' && t.type !== 'newline' && t.type !== 'comment',
  );
  return first?.offset;
}

function itemFromNode(node: unknown, index: number): KrmItem {
  if (!isMap(node)) throw notAMapping(itemLocation(index, {}));
  // Flow or JSON input has no layout worth keeping: written back in block style, like kpt writes.
  return guard(
    () => itemLocation(index, {}),
    () => KrmItem.fromObject(node.toJS(new Document(), { maxAliasCount: MAX_ALIAS_COUNT }) as KrmObject),
  );
}

function notAMapping(location: ItemLocation): InputError {
  return new InputError(`${location.where} is not a mapping: expected a KRM resource`, location.subject);
}

function guard<T>(located: (error: unknown) => ItemLocation, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw readFailure(located(error), error, 'cannot be read');
  }
}

/**
 * Where an item that cannot be read is: its file and object when the lenient reader still makes
 * a mapping of it (a duplicated key, say), else the file its text names. An item too deep, too
 * aliased or too big to read is not read again.
 */
function unreadable(index: number, entryText: string, seqIndent: number, error?: unknown): ItemLocation {
  const read: { object?: unknown; text: string } = { text: entryText };
  if (error !== undefined && !tooCostlyToReread(error, entryText)) read.object = leniently(' '.repeat(seqIndent) + entryText);
  return itemLocation(index, read);
}

/** Past this an item is not read again to name it: the `yaml` reader is slower than js-yaml, and its raw lines still name the file. */
const MAX_REREAD_BYTES = 1024 * 1024;

function tooCostlyToReread(error: unknown, entryText: string): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return entryText.length > MAX_REREAD_BYTES || error instanceof NestingTooDeepError || /call stack|alias count|maxDepth/i.test(message);
}

/** The entry (a one-item sequence) read by the `yaml` reader, which makes what it can of a document with errors. */
function leniently(entryText: string): unknown {
  try {
    const document = parseDocument(entryText, { ...COMPOSE_OPTIONS, uniqueKeys: false });
    const value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
    return Array.isArray(value) ? value[0] : undefined;
  } catch {
    return undefined;
  }
}

/** The one way a part of the input that cannot be read is reported. */
function readFailure(location: ItemLocation, error: unknown, otherwise: 'is not valid YAML' | 'cannot be read'): InputError {
  const { where, subject } = location;
  const message = firstLine(error instanceof Error ? error.message : String(error));
  if (error instanceof NestingTooDeepError || /call stack/i.test(message))
    return new InputError(`${where} is nested too deeply to read`, subject);
  if (/alias count/i.test(message)) return new InputError(`${where} cannot be read: ${message}`, subject);
  return new InputError(`${where} ${otherwise}: ${message}`, subject);
}

/** Composes one token as a YAML document of its own, keeping offsets into the whole input. */
function composeToken(token: Token, located: (error?: unknown) => ItemLocation): Document.Parsed {
  const synthetic: CST.Document = { type: 'document', offset: token.offset, start: [], value: token, end: [] };
  let docs: Document.Parsed[];
  try {
    docs = [...new Composer(COMPOSE_OPTIONS).compose([synthetic])];
  } catch (error) {
    throw readFailure(located(error), error, 'is not valid YAML');
  }
  const document = docs[0];
  if (!document) {
    const where = located();
    throw new InputError(`${where.where} is empty`, where.subject);
  }
  const problem = document.errors[0];
  if (problem) throw readFailure(located(problem), problem, 'is not valid YAML');
  return document;
}

/** A JSON or flow-style ResourceList: no item text to keep, so items are re-serialised. Composed from the CST already parsed. */
function readComposedResourceList(text: string, tokens: readonly Token[]): ResourceList {
  const document = [...new Composer(COMPOSE_OPTIONS).compose(tokens, true, text.length)][0];
  const problem = document.errors[0];
  if (problem) throw new InputError(`the input is not valid YAML: ${problem.message}`);
  if (!isMap(document.contents)) throw new InputError('the input is not a ResourceList: the top level is not a mapping');
  const get = (key: string): unknown => document.get(key);
  const header = readHeader(
    typeof get('apiVersion') === 'string' ? (get('apiVersion') as string) : undefined,
    typeof get('kind') === 'string' ? (get('kind') as string) : undefined,
  );
  const list: ResourceList = { ...header, items: [], seqIndent: 0 };
  const items = document.get('items', true);
  if (!isNullNode(items)) {
    if (!isSeq(items)) throw new InputError('the input is not a ResourceList: "items" is not a list');
    list.items = items.items.map((node, index) => itemFromNode(node, index));
  }
  const config = document.get('functionConfig', true);
  if (isMap(config)) {
    const configDoc = new Document();
    configDoc.contents = config;
    list.functionConfig = KrmItem.fromDocument(configDoc);
  }
  return list;
}

/** Absent, or written as null (`key:`, `key: null`, `key: ~`). */
function isNullNode(node: unknown): boolean {
  return node === undefined || node === null || (isScalar(node) && node.value === null);
}

function isNullScalar(token: Token): boolean {
  const scalar = CST.isScalar(token) ? CST.resolveAsScalar(token) : null;
  return scalar !== null && (scalar.value === '' || scalar.value === 'null' || scalar.value === '~') && token.type === 'scalar';
}

function isEmptyFlowOrNull(token: Token): boolean {
  if (isNullScalar(token)) return true;
  return token.type === 'flow-collection' && token.items.length === 0;
}

/** Drops the indentation of the next entry that the CST keeps at the end of an entry. */
function trimTrailingIndent(text: string): string {
  const trimmed = text.replace(/[ \t]+$/, '');
  return trimmed.endsWith('\n') ? trimmed : `${trimmed}\n`;
}
