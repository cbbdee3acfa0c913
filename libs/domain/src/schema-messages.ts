import type { ErrorObject } from 'ajv';
import { isPlainObject } from '@focom/krm-runtime';
import { KUBERNETES_FORMATS } from './kubernetes-formats';
import type { UnknownKeyword } from './schema-compiler';

/** One schema violation, in the words a user acts on. */
export interface Violation {
  /** Path below the parameters mapping, as segments (mapping keys and list indexes). */
  segments: string[];
  /** The sentence after the field path, e.g. `must be an integer >= 1, got "three"`. */
  problem: string;
  value?: unknown;
  hasValue: boolean;
}

const DESCRIBED_BY_EXPECTATION = new Set([
  'type',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'format',
  'pattern',
  'enum',
  'const',
  'minLength',
  'maxLength',
  'multipleOf',
  'minItems',
  'maxItems',
]);

/** Turns ajv errors into violations, one per field and problem, in a stable order. */
export function describeViolations(errors: readonly ErrorObject[], ignoreRequired = false): Violation[] {
  const seen = new Set<string>();
  const out: Violation[] = [];
  for (const error of errors) {
    if (ignoreRequired && error.keyword === 'required') continue;
    const violation = describeOne(error);
    const key = `${violation.segments.join('\u0000')}|${violation.problem}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(violation);
  }
  return out;
}

function describeOne(error: ErrorObject): Violation {
  const segments = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map(unescapePointer);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    return { segments: [...segments, String(params.missingProperty)], problem: 'is required but not set', hasValue: false };
  }
  if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
    const extra = String(params.additionalProperty ?? params.unevaluatedProperty);
    const known =
      isPlainObject(error.parentSchema) && isPlainObject(error.parentSchema.properties) ? Object.keys(error.parentSchema.properties) : [];
    const hint = known.length > 0 ? `; known parameters here: ${known.join(', ')}` : '';
    return { segments: [...segments, extra], problem: `is not a known parameter${hint}`, hasValue: false };
  }
  const got = `got ${show(error.data)}`;
  if (DESCRIBED_BY_EXPECTATION.has(error.keyword) && isPlainObject(error.parentSchema)) {
    return { segments, problem: `must be ${describeExpected(error.parentSchema)}, ${got}`, value: error.data, hasValue: true };
  }
  return { segments, problem: `${error.message ?? `fails "${error.keyword}"`}, ${got}`, value: error.data, hasValue: true };
}

/** "an integer >= 1", "a Kubernetes quantity such as 500m, 2 or 1Gi", "one of "a", "b"". */
export function describeExpected(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map(show).join(', ')}`;
  if (schema.const !== undefined) return `exactly ${show(schema.const)}`;
  const format = typeof schema.format === 'string' ? schema.format : undefined;
  let noun: string;
  if (format && KUBERNETES_FORMATS[format]) noun = KUBERNETES_FORMATS[format].description;
  else noun = describeType(schema.type) + (format ? ` in format "${format}"` : '');
  const limits: string[] = [];
  if (typeof schema.minimum === 'number') limits.push(`>= ${schema.minimum}`);
  if (typeof schema.exclusiveMinimum === 'number') limits.push(`> ${schema.exclusiveMinimum}`);
  if (typeof schema.maximum === 'number') limits.push(`<= ${schema.maximum}`);
  if (typeof schema.exclusiveMaximum === 'number') limits.push(`< ${schema.exclusiveMaximum}`);
  if (typeof schema.multipleOf === 'number') limits.push(`a multiple of ${schema.multipleOf}`);
  if (typeof schema.minLength === 'number') limits.push(`at least ${schema.minLength} characters long`);
  if (typeof schema.maxLength === 'number') limits.push(`at most ${schema.maxLength} characters long`);
  if (typeof schema.minItems === 'number') limits.push(`with at least ${schema.minItems} items`);
  if (typeof schema.maxItems === 'number') limits.push(`with at most ${schema.maxItems} items`);
  if (typeof schema.pattern === 'string') limits.push(`matching the pattern ${schema.pattern}`);
  return limits.length > 0 ? `${noun} ${limits.join(' and ')}` : noun;
}

const TYPE_NOUNS: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

function describeType(type: unknown): string {
  if (typeof type === 'string') return TYPE_NOUNS[type] ?? type;
  if (Array.isArray(type)) return type.map(describeType).join(' or ');
  return 'a value';
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** kpt's dotted field path: `spec.parameters.cells[0].name`. */
export function fieldPath(base: string, segments: readonly string[]): string {
  let path = base;
  for (const segment of segments) path += /^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`;
  return path;
}

/** A keyword JSON Schema does not define: ignored, as the specification says, and worth a warning. */
export function describeUnknownKeyword(unknown: UnknownKeyword): string {
  const where = unknown.at.length === 0 ? '' : ` (at ${unknown.at.map((p) => (p === '' ? 'the root' : p)).join(', ')})`;
  return `has the unknown keyword "${unknown.keyword}"${where}, which JSON Schema ignores: validation goes on against the rest of the schema, and whatever "${unknown.keyword}" was meant to say is not checked`;
}
