import { isPlainObject, setOwn } from '@focom/krm-runtime';
import { schemaDefaults } from './parameters';

/** Values that satisfy common formats, for parameters that have neither a default nor an example. */
const FORMAT_SAMPLES: Record<string, string> = {
  'dns1123-label': 'example',
  'dns1123-subdomain': 'example.org',
  quantity: '1',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  hostname: 'example.org',
  uri: 'https://example.org/',
  url: 'https://example.org/',
  email: 'user@example.org',
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  uuid: '00000000-0000-4000-8000-000000000000',
};

/**
 * Parameters to render a template with when its own output is checked: the schema's defaults,
 * and for a required parameter without one, its first `examples` value or a value made up from
 * its type and format. The caller checks them against the schema (a pattern, say, may refuse a
 * made-up value).
 */
export function sampleParameters(schema: unknown): Record<string, unknown> {
  const out = schemaDefaults(schema);
  if (!isPlainObject(schema) || !isPlainObject(schema.properties)) return out;
  const required = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [];
  for (const name of required) {
    if (Object.prototype.hasOwnProperty.call(out, name)) continue;
    const property = schema.properties[name];
    const value = sampleValue(property);
    if (value !== undefined) setOwn(out, name, value);
  }
  return out;
}

function sampleValue(schema: unknown): unknown {
  if (!isPlainObject(schema)) return undefined;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0] as unknown;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as unknown;
  const type = Array.isArray(schema.type) ? (schema.type[0] as unknown) : schema.type;
  if (type === 'string') {
    const sample = typeof schema.format === 'string' ? FORMAT_SAMPLES[schema.format] : undefined;
    if (sample !== undefined) return sample;
    const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
    return 'example'.padEnd(min, 'x');
  }
  if (type === 'integer' || type === 'number') {
    if (typeof schema.minimum === 'number') return type === 'integer' ? Math.ceil(schema.minimum) : schema.minimum;
    if (typeof schema.exclusiveMinimum === 'number') return Math.floor(schema.exclusiveMinimum) + 1;
    if (typeof schema.maximum === 'number') return Math.min(1, type === 'integer' ? Math.floor(schema.maximum) : schema.maximum);
    return 1;
  }
  if (type === 'boolean') return false;
  if (type === 'array') return [];
  if (type === 'object' || isPlainObject(schema.properties)) return sampleParameters(schema);
  return undefined;
}
