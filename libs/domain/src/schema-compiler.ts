import type Ajv from 'ajv';
import type { Options, ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { isPlainObject } from '@focom/krm-runtime';
import { LinearRegExpUnavailableError, linearRegExp } from './linear-regexp';
import { PRECOMPILED } from './precompiled-library';

export const MAX_SCHEMA_BYTES = 1024 * 1024;
const DRAFT_07 = new Set([
  'http://json-schema.org/draft-07/schema#',
  'http://json-schema.org/draft-07/schema',
  'https://json-schema.org/draft-07/schema#',
  'https://json-schema.org/draft-07/schema',
]);
const DRAFT_2020 = new Set(['https://json-schema.org/draft/2020-12/schema', 'https://json-schema.org/draft/2020-12/schema#']);

export interface CompiledSchema {
  schema: Record<string, unknown>;
  validate: ValidateFunction;
  /**
   * Keywords the schema uses that JSON Schema does not define, with where they are (JSON
   * pointers): ignored, as the specification says, and reported as warnings.
   */
  unknownKeywords: UnknownKeyword[];
}

export interface UnknownKeyword {
  keyword: string;
  /** JSON pointers of the schema objects that hold it, `` for the root. */
  at: string[];
}

export const SCHEMA_OPTIONS: Options = {
  allErrors: true,
  verbose: true,
  strictSchema: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  logger: false,
  unicodeRegExp: false,
  code: { regExp: linearRegExp as never },
  // Nothing is ever fetched: without loadSchema an unresolved $ref is a compile error.
  loadSchema: undefined,
};

const cache = new Map<string, Outcome<CompiledSchema>>();

/** Parses a schema held in a string (JSON or YAML): the schema, or a sentence saying why not. */
export function parseSchemaText(text: string): Outcome<Record<string, unknown>> {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SCHEMA_BYTES) return fail(`the schema is ${bytes} bytes; the limit is ${MAX_SCHEMA_BYTES} bytes (1 MiB)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    try {
      parsed = parseYaml(text, { maxAliasCount: 100, uniqueKeys: true });
    } catch (error) {
      return fail(`the schema is neither valid JSON nor valid YAML: ${firstLine((error as Error).message)}`);
    }
  }
  if (typeof parsed === 'boolean') return succeed(parsed ? {} : { not: {} });
  if (!isPlainObject(parsed)) return fail('the schema must be a JSON Schema object');
  return succeed(parsed);
}

/** Compiles a schema with ajv: draft-07 unless `$schema` names 2020-12. Cached by content. */
export function compileSchema(schema: Record<string, unknown>): Outcome<CompiledSchema> {
  const key = JSON.stringify(schema);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const precompiled = PRECOMPILED?.validators[key];
  if (precompiled) {
    const entry = succeed({ schema, validate: precompiled, unknownKeywords: [] });
    cache.set(key, entry);
    return entry;
  }
  const compiled = compileUncached(schema);
  cache.set(key, compiled);
  return compiled;
}

/**
 * A fresh ajv for one schema (so `$id`s of different TemplateInfos never collide), draft-07
 * unless `$schema` names 2020-12. ajv is loaded on first use: a run that only meets built-in,
 * precompiled templates never loads it.
 */
export function createAjv(schema: Record<string, unknown>, options: Options = SCHEMA_OPTIONS): Outcome<Ajv> {
  const declared = schema.$schema;
  let draft: '07' | '2020-12';
  if (declared === undefined || (typeof declared === 'string' && DRAFT_07.has(declared))) draft = '07';
  else if (typeof declared === 'string' && DRAFT_2020.has(declared)) draft = '2020-12';
  else
    return fail(
      `$schema ${JSON.stringify(declared)} is not supported: use draft-07 (the default) or https://json-schema.org/draft/2020-12/schema`,
    );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { newAjv } = require('./ajv-engine') as typeof import('./ajv-engine');
  return succeed(newAjv(draft, options));
}

const UNKNOWN_KEYWORD = /^strict mode: unknown keyword: "(.*)"$/;

/**
 * Compiles leniently where JSON Schema says so: an unknown keyword is ignored (and remembered, to
 * be reported); anything else strict mode objects to stays a compile error.
 */
function compileUncached(schema: Record<string, unknown>): Outcome<CompiledSchema> {
  const warnings: string[] = [];
  const collect = (...parts: unknown[]): void => {
    warnings.push(parts.map(String).join(' '));
  };
  const ajv = createAjv(schema, {
    ...SCHEMA_OPTIONS,
    strictSchema: 'log',
    logger: { log: () => undefined, warn: collect, error: collect },
  });
  if (!ajv.ok) return ajv;
  let validate: ValidateFunction;
  try {
    validate = ajv.value.compile(schema);
  } catch (error) {
    if (error instanceof LinearRegExpUnavailableError) throw error;
    return fail(describeCompileError(error));
  }
  const unknown = new Set<string>();
  for (const warning of warnings) {
    const keyword = UNKNOWN_KEYWORD.exec(warning)?.[1];
    if (keyword === undefined) return fail(describeCompileError(new Error(warning)));
    unknown.add(keyword);
  }
  const unknownKeywords = [...unknown].sort().map((keyword) => ({ keyword, at: keywordLocations(schema, keyword) }));
  return succeed({ schema, validate, unknownKeywords });
}

/** Keywords whose value maps names (not keywords) to schemas. */
const NAME_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas', 'dependencies']);
/** Keywords whose value is data, not a schema. */
const DATA = new Set(['default', 'const', 'enum', 'examples', 'required']);

/** JSON pointers of the schema objects holding `keyword`, in document order. */
export function keywordLocations(schema: unknown, keyword: string, pointer = ''): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s, i) => keywordLocations(s, keyword, `${pointer}/${i}`));
  if (!isPlainObject(schema)) return [];
  const found: string[] = Object.prototype.hasOwnProperty.call(schema, keyword) ? [pointer] : [];
  for (const [key, value] of Object.entries(schema)) {
    if (key === keyword || DATA.has(key)) continue;
    const here = `${pointer}/${escapePointer(key)}`;
    if (NAME_MAPS.has(key) && isPlainObject(value)) {
      for (const [name, sub] of Object.entries(value)) found.push(...keywordLocations(sub, keyword, `${here}/${escapePointer(name)}`));
    } else if (typeof value === 'object' && value !== null) found.push(...keywordLocations(value, keyword, here));
  }
  return found;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function describeCompileError(error: unknown): string {
  const message = firstLine(error instanceof Error ? error.message : String(error));
  const missingRef = /can't resolve reference (\S+)/.exec(message);
  if (missingRef) return `the schema's $ref ${missingRef[1]} cannot be resolved inside the schema (nothing is fetched over the network)`;
  return `the schema does not compile: ${message.replace(/^strict mode: /, '')}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim().replace(/:$/, '');
}
