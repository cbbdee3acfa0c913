/**
 * What a FocomTemplate declares to observe (`spec.observability`): where its workload serves
 * metrics, and its SLOs with Sloth's fields. Values may hold `${parameter}` placeholders (an
 * objective is usually one, so validate-template-params checks it against the schema); this module
 * checks the shape a template author controls, before any parameter is known.
 *
 * ```yaml
 * observability:
 *   metrics: {port: metrics, path: /metrics, interval: 30s, scheme: http}
 *   slos:
 *     - name: f1-setup-success
 *       objective: ${f1_setup_objective}
 *       description: F1 Setup towards the CU-CP succeeds.
 *       sli:
 *         errorQuery: sum(rate(odu_f1_setup_failures_total{namespace="${namespace}"}[{{.window}}]))
 *         totalQuery: sum(rate(odu_f1_setup_attempts_total{namespace="${namespace}"}[{{.window}}]))
 * ```
 */
import { isPlainObject } from '@focom/krm-runtime';
import { queryShapeProblem } from './promql-shape';

export const OBSERVABILITY_PATH = 'spec.observability';

/** The metrics endpoint of the template's workload, as written (placeholders not yet filled). */
export interface MetricsDeclaration {
  /** A container port's name. */
  port: string;
  path: string;
  interval: string;
  scheme: string;
}

export interface SloDeclaration {
  name: string;
  /** A number, or a `${parameter}` that renders into one. */
  objective: unknown;
  description: string;
  sli: { errorQuery: string; totalQuery: string };
  alertName?: string;
}

export interface ObservabilityDeclaration {
  metrics?: MetricsDeclaration;
  slos: SloDeclaration[];
}

export type DeclarationRead = { ok: true; value: ObservabilityDeclaration } | { ok: false; path: string; problem: string };

export const METRICS_DEFAULTS = { path: '/metrics', interval: '30s', scheme: 'http' } as const;

/** The description goes into the alerts' summary, which Prometheus reads as a Go template. */
export const DESCRIPTION_BRACES = "must not contain {{ or }}: it becomes the alerts' summary, which Prometheus reads as a Go template";

/** A scrape interval as prometheus-operator takes it. */
export const SCRAPE_INTERVAL = /^(\d+(ms|s|m|h))+$/;

const SLO_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ALERT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WHOLE_PLACEHOLDER = /^\$\{[A-Za-z_][A-Za-z0-9_.-]*\}$/;
const HAS_PLACEHOLDER = /\$\{/;

class ShapeProblem extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path} ${problem}`);
  }
}

/** Reads `spec.observability`; the first problem names its field. */
export function readObservability(raw: unknown): DeclarationRead {
  try {
    return { ok: true, value: declaration(raw) };
  } catch (error) {
    if (error instanceof ShapeProblem) return { ok: false, path: error.path, problem: error.problem };
    throw error;
  }
}

function declaration(raw: unknown): ObservabilityDeclaration {
  const path = OBSERVABILITY_PATH;
  const section = mapping(raw, path, ['metrics', 'slos']);
  const read: ObservabilityDeclaration = { slos: [] };
  if (section.metrics !== undefined) read.metrics = metrics(section.metrics, `${path}.metrics`);
  if (section.slos !== undefined) {
    if (!Array.isArray(section.slos)) throw new ShapeProblem(`${path}.slos`, 'must be a list of SLOs');
    const names = new Set<string>();
    section.slos.forEach((entry, index) => {
      const slo = sloDeclaration(entry, `${path}.slos[${index}]`);
      if (names.has(slo.name)) throw new ShapeProblem(`${path}.slos[${index}].name`, `names SLO "${slo.name}" a second time`);
      names.add(slo.name);
      read.slos.push(slo);
    });
  }
  return read;
}

function metrics(raw: unknown, path: string): MetricsDeclaration {
  const section = mapping(raw, path, ['port', 'path', 'interval', 'scheme']);
  const port = text(section.port, `${path}.port`, 'must name a container port of the workload, e.g. metrics');
  const endpointPath = optionalText(section.path, `${path}.path`) ?? METRICS_DEFAULTS.path;
  if (!endpointPath.startsWith('/') && !HAS_PLACEHOLDER.test(endpointPath))
    throw new ShapeProblem(`${path}.path`, `must be an HTTP path starting with "/", got ${JSON.stringify(endpointPath)}`);
  const interval = optionalText(section.interval, `${path}.interval`) ?? METRICS_DEFAULTS.interval;
  if (!SCRAPE_INTERVAL.test(interval) && !HAS_PLACEHOLDER.test(interval))
    throw new ShapeProblem(`${path}.interval`, `must be a Prometheus duration such as 30s or 1m, got ${JSON.stringify(interval)}`);
  const scheme = optionalText(section.scheme, `${path}.scheme`) ?? METRICS_DEFAULTS.scheme;
  if (scheme !== 'http' && scheme !== 'https' && !HAS_PLACEHOLDER.test(scheme))
    throw new ShapeProblem(`${path}.scheme`, `must be http or https, got ${JSON.stringify(scheme)}`);
  return { port, path: endpointPath, interval, scheme };
}

function sloDeclaration(raw: unknown, path: string): SloDeclaration {
  const section = mapping(raw, path, ['name', 'objective', 'description', 'sli', 'alertName']);
  const name = text(section.name, `${path}.name`, 'must name the SLO, e.g. f1-setup-success');
  if (!SLO_NAME.test(name))
    throw new ShapeProblem(
      `${path}.name`,
      `must be lower case letters, digits and "-" (it becomes Sloth's sloth_slo label), got ${JSON.stringify(name)}`,
    );
  const objective = section.objective;
  const placeholder = typeof objective === 'string' && WHOLE_PLACEHOLDER.test(objective);
  if (!placeholder && !(typeof objective === 'number' && objective > 0 && objective < 100))
    throw new ShapeProblem(
      `${path}.objective`,
      `must be a percentage above 0 and below 100 (e.g. 99.9) or a \${parameter} that gives one, got ${JSON.stringify(objective) ?? 'nothing'}`,
    );
  const description = text(section.description, `${path}.description`, 'must say what the SLO promises, in a sentence');
  if (/\{\{|\}\}/.test(description)) throw new ShapeProblem(`${path}.description`, DESCRIPTION_BRACES);
  const sli = mapping(section.sli, `${path}.sli`, ['errorQuery', 'totalQuery']);
  const errorQuery = query(sli.errorQuery, `${path}.sli.errorQuery`);
  const totalQuery = query(sli.totalQuery, `${path}.sli.totalQuery`);
  const read: SloDeclaration = { name, objective, description, sli: { errorQuery, totalQuery } };
  if (section.alertName !== undefined) {
    const alertName = text(section.alertName, `${path}.alertName`, 'must be a Prometheus alert name');
    if (!ALERT_NAME.test(alertName))
      throw new ShapeProblem(
        `${path}.alertName`,
        `must be a Prometheus alert name such as DuAvailabilitySLOBurnRate, got ${JSON.stringify(alertName)}`,
      );
    read.alertName = alertName;
  }
  return read;
}

function query(raw: unknown, path: string): string {
  const value = text(raw, path, 'must be a PromQL query with {{.window}}');
  const problem = queryShapeProblem(value);
  if (problem) throw new ShapeProblem(path, problem);
  return value;
}

function mapping(raw: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(raw)) throw new ShapeProblem(path, `must be a mapping with ${keys.join(', ')}`);
  const unknown = Object.keys(raw).find((key) => !keys.includes(key));
  if (unknown !== undefined) throw new ShapeProblem(`${path}.${unknown}`, `is not a field here; the fields are ${keys.join(', ')}`);
  return raw;
}

function text(raw: unknown, path: string, problem: string): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new ShapeProblem(path, problem);
  return raw;
}

function optionalText(raw: unknown, path: string): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.trim() === '') throw new ShapeProblem(path, 'must be a string');
  return raw;
}
