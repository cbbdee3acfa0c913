import type { KrmItem } from './krm-item';
import { isPlainObject } from './plain-object';
import { type Result, errorResult } from './results';

export const FUNCTION_CONFIG_API_VERSION = 'fn.focom.nephio.org/v1alpha1';

/** One functionConfig key: its allowed values (as strings) and default. */
export interface ConfigKeySpec {
  name: string;
  description: string;
  /** The allowed values; a free-form key gives `pattern` instead. */
  values: readonly string[];
  default: string;
  /** For free-form keys: what a value must match, and how to say so. */
  pattern?: { regex: RegExp; description: string };
}

export interface ConfigSpec {
  /** The typed kind accepted besides a ConfigMap, e.g. `ValidateTemplateParamsConfig`. */
  typedKind: string;
  keys: readonly ConfigKeySpec[];
}

export interface FunctionConfig {
  values: Record<string, string>;
  results: Result[];
}

/**
 * Reads a ConfigMap (`data.<key>`) or the typed kind (`spec.<key>`): defaults first, then every
 * problem reported together so the user fixes the config once.
 */
export function readFunctionConfig(item: KrmItem | undefined, spec: ConfigSpec): FunctionConfig {
  const values: Record<string, string> = {};
  for (const key of spec.keys) values[key.name] = key.default;
  if (!item || Object.keys(item.object).length === 0) return { values, results: [] };

  const accepted = `a ConfigMap or ${FUNCTION_CONFIG_API_VERSION} ${spec.typedKind}`;
  let section: string;
  if (item.kind === 'ConfigMap' && (item.apiVersion === 'v1' || item.apiVersion === '')) section = 'data';
  else if (item.kind === spec.typedKind && item.apiVersion === FUNCTION_CONFIG_API_VERSION) section = 'spec';
  else {
    const got = `${item.apiVersion || '(no apiVersion)'} ${item.kind || '(no kind)'}`;
    return { values, results: [errorResult(`functionConfig must be ${accepted}, got ${got}`, item.subject)] };
  }

  const raw = item.object[section];
  const results: Result[] = [];
  if (raw !== undefined && raw !== null && !isPlainObject(raw)) {
    results.push(errorResult(`functionConfig ${section} must be a mapping of keys to values`, item.subject, { path: section }));
    return { values, results };
  }
  const known = new Map(spec.keys.map((k) => [k.name, k]));
  for (const [name, value] of Object.entries(isPlainObject(raw) ? raw : {})) {
    const path = `${section}.${name}`;
    const key = known.get(name);
    if (!key) {
      const names = spec.keys.map((k) => k.name).join(', ');
      results.push(errorResult(`unknown functionConfig key "${name}"; known keys: ${names}`, item.subject, { path }));
      continue;
    }
    const text = typeof value === 'string' || typeof value === 'boolean' ? String(value) : undefined;
    if (key.pattern) {
      if (text === undefined || !key.pattern.regex.test(text)) {
        results.push(errorResult(`functionConfig ${path} must be ${key.pattern.description}, got ${JSON.stringify(value)}`, item.subject, { path, currentValue: value }));
      } else values[name] = text;
      continue;
    }
    if (text === undefined || !key.values.includes(text)) {
      const message = `functionConfig ${path} must be one of ${key.values.map((v) => `"${v}"`).join(', ')}, got ${JSON.stringify(value)}`;
      results.push(errorResult(message, item.subject, { path, currentValue: value }));
      continue;
    }
    values[name] = text;
  }
  return { values, results };
}

/** The `--help` lines for a function's config keys. */
export function describeConfig(spec: ConfigSpec): string {
  const lines = [`functionConfig: a ConfigMap (data.<key>) or ${FUNCTION_CONFIG_API_VERSION} ${spec.typedKind} (spec.<key>).`];
  for (const key of spec.keys) {
    const allowed = key.pattern ? key.pattern.description : key.values.join('|');
    lines.push(`  ${key.name}: ${allowed} (default ${JSON.stringify(key.default)}). ${key.description}`);
  }
  return lines.join('\n');
}
