/**
 * Reading the Prometheus HTTP API's answers (`/api/v1/query`, `/api/v1/query_range`): the JSON
 * envelope, the result type, and every sample value. NaN is kept as NaN: it is what an SLI
 * whose total is 0 (no traffic, common at night on a quiet site) divides to, and the reading
 * records it as no data for that SLO (observation-build.ts). An infinity (+Inf, -Inf) is refused,
 * naming the series: no recorded SLO series can be infinite, and a gate must not decide from it.
 * Text from the server is quoted on one line without control characters.
 */
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { isPlainObject } from '@focom/krm-runtime';
import { serverLine } from './server-text';

export interface Sample {
  labels: Record<string, string>;
  /** A number, possibly NaN (no data); never infinite. */
  value: number;
}

export interface Series {
  labels: Record<string, string>;
  /** [unix seconds, value], in time order. */
  points: Array<[number, number]>;
}

/** The `result` of an instant query whose result type is `vector`. */
export function parseVector(body: string, query: string): Outcome<Sample[]> {
  const data = envelope(body, query, 'vector');
  if (!data.ok) return data;
  const samples: Sample[] = [];
  for (const [index, entry] of data.value.entries()) {
    if (!isPlainObject(entry)) return fail(malformed(query, `result[${index}] is not an object`));
    const labels = labelsOf(entry.metric);
    if (!labels.ok) return fail(malformed(query, `result[${index}].metric ${labels.reason}`));
    const value = sampleValue(entry.value, query, labels.value);
    if (!value.ok) return value;
    samples.push({ labels: labels.value, value: value.value[1] });
  }
  return succeed(samples);
}

/** The `result` of a range query, result type `matrix`. */
export function parseMatrix(body: string, query: string): Outcome<Series[]> {
  const data = envelope(body, query, 'matrix');
  if (!data.ok) return data;
  const series: Series[] = [];
  for (const [index, entry] of data.value.entries()) {
    if (!isPlainObject(entry) || !Array.isArray(entry.values)) return fail(malformed(query, `result[${index}] has no list of values`));
    const labels = labelsOf(entry.metric);
    if (!labels.ok) return fail(malformed(query, `result[${index}].metric ${labels.reason}`));
    const points: Array<[number, number]> = [];
    for (const point of entry.values as unknown[]) {
      const value = sampleValue(point, query, labels.value);
      if (!value.ok) return value;
      points.push(value.value);
    }
    series.push({ labels: labels.value, points });
  }
  return succeed(series);
}

/**
 * What an answer that is not 2xx says: Prometheus's own `error` field when the body is its JSON
 * envelope, otherwise the start of the body (at most 200 characters, on one line).
 */
export function errorAnswer(status: number, body: string): string {
  let detail: string | undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (isPlainObject(parsed) && typeof parsed.error === 'string')
      detail = typeof parsed.errorType === 'string' ? `${parsed.errorType}: ${parsed.error}` : parsed.error;
  } catch {
    detail = undefined;
  }
  const text = serverLine(detail ?? body);
  const shown = text.length > 200 ? `${text.slice(0, 200)}...` : text;
  return `HTTP ${status}${shown === '' ? '' : `: ${shown}`}`;
}

function envelope(body: string, query: string, resultType: 'vector' | 'matrix'): Outcome<unknown[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return fail(malformed(query, `the answer is not JSON (${error instanceof Error ? error.message : String(error)})`));
  }
  if (!isPlainObject(parsed)) return fail(malformed(query, 'the answer is not a JSON object'));
  if (parsed.status !== 'success') {
    const why = typeof parsed.error === 'string' ? serverLine(parsed.error) : `status ${JSON.stringify(parsed.status) ?? 'missing'}`;
    return fail(`Prometheus refused the query ${query}: ${why}`);
  }
  const data = parsed.data;
  if (!isPlainObject(data)) return fail(malformed(query, 'it has no "data" object'));
  if (data.resultType !== resultType)
    return fail(malformed(query, `its result type is ${JSON.stringify(data.resultType) ?? 'missing'}, expected ${resultType}`));
  if (!Array.isArray(data.result)) return fail(malformed(query, 'its "result" is not a list'));
  return succeed(data.result as unknown[]);
}

function labelsOf(value: unknown): Outcome<Record<string, string>> {
  if (!isPlainObject(value)) return fail('is not an object of labels');
  const labels: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    if (typeof v !== 'string') return fail(`has a label ${name} that is not a string`);
    labels[name] = v;
  }
  return succeed(labels);
}

function sampleValue(value: unknown, query: string, labels: Record<string, string>): Outcome<[number, number]> {
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'number' || typeof value[1] !== 'string')
    return fail(malformed(query, 'a sample is not [time, "value"]'));
  const number = Number(value[1]);
  if (value[1] === 'NaN') return succeed([value[0], Number.NaN]);
  if (value[1].trim() === '' || !Number.isFinite(number) || !Number.isFinite(value[0]))
    return fail(
      `Prometheus answered ${JSON.stringify(serverLine(value[1]))} for ${seriesName(labels)} (query ${query}): ` +
        'only numbers and NaN (no data) can be observed, not infinities',
    );
  return succeed([value[0], number]);
}

/** `name{label="value", ...}`, labels sorted, as printable text. */
export function seriesName(labels: Record<string, string>): string {
  const { __name__: name = '', ...rest } = labels;
  const pairs = Object.keys(rest)
    .sort()
    .map((k) => `${k}=${JSON.stringify(serverLine(rest[k]))}`);
  return `${serverLine(name)}{${pairs.join(', ')}}`;
}

function malformed(query: string, why: string): string {
  return `Prometheus's answer to ${query} is malformed: ${why}`;
}
