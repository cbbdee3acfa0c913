import type { KrmItem } from './krm-item';
import { type Outcome, fail, succeed } from './outcome';
import { isPlainObject } from './plain-object';
import { type Result, errorResult } from './results';

/** The typed kind a function reads besides a ConfigMap, e.g. `example.com/v1 ExampleConfig`. */
export interface TypedKind {
  apiVersion: string;
  kind: string;
}

export function typedKindText(typed: TypedKind): string {
  return `${typed.apiVersion} ${typed.kind}`;
}

/** One functionConfig key: how its text is read into a typed value, its default, and its help. */
export interface ConfigField<T> {
  description: string;
  /** The allowed values as `--help` shows them: `flux|argocd|none`, or `a DNS-1123 label`. */
  allowed: string;
  default: T;
  /** The default as a user writes it, when it is not a string (e.g. a label list). */
  defaultText?: string;
  /** What a value must be, for messages: the words after "must be" (`one of "flux", "argocd"`). */
  expected: string;
  /** The typed value, or why the text is not one (the words after "must be"). */
  parse(text: string): Outcome<T>;
}

/** One field per key of the typed configuration `T`. */
export type ConfigFields<T> = { readonly [K in keyof T]: ConfigField<T[K]> };

/** A problem of the defaulted configuration as a whole, reported on one key. */
export interface ConfigProblem<T> {
  key: keyof T & string;
  /** The words after the field path, e.g. `must be set when delivery is argocd`. */
  message: string;
  /**
   * The other keys the problem is about: when one of them holds an invalid value, the check saw
   * its default instead, so the problem is not reported (the invalid value is).
   */
  involves?: readonly (keyof T & string)[];
}

/**
 * A function's configuration, read the way kyaml's framework reads one: parse every key, fill
 * in defaults, then validate the whole; every problem is reported together.
 */
export interface ConfigSpec<T> {
  /** The typed kind accepted besides a ConfigMap, e.g. `ValidateTemplateParamsConfig`. */
  typedKind: TypedKind;
  fields: ConfigFields<T>;
  /** Checks across keys, on the value with defaults filled in (where a key is absent or invalid). */
  validate?(config: Readonly<T>): ConfigProblem<T>[];
}

export interface FunctionConfig<T> {
  value: T;
  results: Result[];
}

/** A key whose value is one of a fixed set of words. */
export function oneOf<const V extends string>(values: readonly V[], defaultValue: V, description: string): ConfigField<V> {
  const expected = `one of ${values.map((v) => `"${v}"`).join(', ')}`;
  const parse = (text: string): Outcome<V> => {
    const found = values.find((v) => v === text);
    return found === undefined ? fail(expected) : succeed(found);
  };
  return { description, allowed: values.join('|'), default: defaultValue, expected, parse };
}

/** A free-form key: any text that `regex` matches, described as `what` (e.g. `a DNS-1123 label`). */
export function matching(regex: RegExp, what: string, defaultValue: string, description: string): ConfigField<string> {
  return {
    description,
    allowed: what,
    default: defaultValue,
    expected: what,
    parse: (text) => (regex.test(text) ? succeed(text) : fail(what)),
  };
}

function keysOf<T>(spec: ConfigSpec<T>): Array<keyof T & string> {
  return Object.keys(spec.fields) as Array<keyof T & string>;
}

function defaultsOf<T>(spec: ConfigSpec<T>): T {
  const value = {} as T;
  for (const key of keysOf(spec)) value[key] = spec.fields[key].default;
  return value;
}

/** Where a functionConfig holds its keys: a ConfigMap's `data`, the typed kind's `spec`, or neither (another kind). */
export function configSection(item: KrmItem, typedKind: TypedKind): 'data' | 'spec' | undefined {
  if (item.kind === 'ConfigMap' && (item.apiVersion === 'v1' || item.apiVersion === '')) return 'data';
  if (item.kind === typedKind.kind && item.apiVersion === typedKind.apiVersion) return 'spec';
  return undefined;
}

/** The error for a functionConfig of a kind the function does not read. */
export function wrongConfigKind(item: KrmItem, typedKind: TypedKind): Result {
  const got = `${item.apiVersion || '(no apiVersion)'} ${item.kind || '(no kind)'}`;
  return errorResult(`functionConfig must be a ConfigMap or ${typedKindText(typedKind)}, got ${got}`, item.subject);
}

/**
 * Reads a ConfigMap (`data.<key>`) or the typed kind (`spec.<key>`) into the typed value: each
 * key is parsed, a missing or bad key keeps its default, and the whole is then validated (a
 * cross-key problem about a bad key is left out: it would be about the default). Every problem is
 * an error result whose field path names the real field (`data.repoURL`), so the
 * user fixes the config once.
 */
export function readFunctionConfig<T>(item: KrmItem | undefined, spec: ConfigSpec<T>): FunctionConfig<T> {
  const value = defaultsOf(spec);
  if (!item || Object.keys(item.object).length === 0) return { value, results: [] };

  const section = configSection(item, spec.typedKind);
  if (!section) return { value, results: [wrongConfigKind(item, spec.typedKind)] };

  const raw = item.object[section];
  const results: Result[] = [];
  if (raw !== undefined && raw !== null && !isPlainObject(raw)) {
    results.push(errorResult('must be a mapping of functionConfig keys to values', item.subject, { path: section }));
    return { value, results };
  }
  const keys = keysOf(spec);
  const invalid = new Set<string>();
  for (const [name, given] of Object.entries(isPlainObject(raw) ? raw : {})) {
    const path = `${section}.${name}`;
    const key = keys.find((k) => k === name);
    if (!key) {
      results.push(errorResult(`unknown functionConfig key "${name}"; known keys: ${keys.join(', ')}`, item.subject, { path }));
      continue;
    }
    // A ConfigMap holds strings; the typed kind may say `true` or `25` where a ConfigMap says "true" or "25".
    const text =
      typeof given === 'string' || typeof given === 'boolean' || (typeof given === 'number' && Number.isFinite(given))
        ? String(given)
        : undefined;
    const parsed = text === undefined ? fail(spec.fields[key].expected) : spec.fields[key].parse(text);
    if (parsed.ok) value[key] = parsed.value;
    else {
      invalid.add(key);
      results.push(
        errorResult(`must be ${parsed.reason}, got ${JSON.stringify(given)}`, item.subject, {
          path,
          currentValue: given,
        }),
      );
    }
  }
  for (const problem of spec.validate?.(value) ?? []) {
    if ([problem.key, ...(problem.involves ?? [])].some((key) => invalid.has(key))) continue;
    const path = `${section}.${problem.key}`;
    results.push(errorResult(problem.message, item.subject, { path }));
  }
  return { value, results };
}

/** The `--help` lines for a function's config keys. */
export function describeConfig<T>(spec: ConfigSpec<T>): string {
  const lines = [`functionConfig: a ConfigMap (data.<key>) or ${typedKindText(spec.typedKind)} (spec.<key>).`];
  for (const key of keysOf(spec)) {
    const field = spec.fields[key];
    lines.push(`  ${key}: ${field.allowed} (default ${JSON.stringify(field.defaultText ?? field.default)}). ${field.description}`);
  }
  return lines.join('\n');
}
