/**
 * The SLO gate's settings as a user writes them (in the render's functionConfig), read, defaulted
 * and checked with every problem reported at once:
 *
 * ```yaml
 * sloGate:
 *   maxObservationAge: 15m      # an older observation does not open the gate
 *   budgetThreshold: 25         # percent of the period's error budget that must be left
 *   rollback: false             # true: render the last good version when the running one burns
 *   canaries:                   # optional: a wave gated on other sites
 *     sites: [site-a, site-b]   # requests of the canary packages
 *     required: 1               # how many must be ready (default: all of them)
 *     bakeTime: 2h              # how long each must have run the target version
 * ```
 */
import { isPlainObject } from '../plain-object';
import { parseDuration } from './duration';

export interface CanarySettings {
  /** The canary sites: request names of the canary packages. */
  sites: string[];
  /** How many of them must have baked the target version with healthy SLOs. */
  required: number;
  bakeSeconds: number;
}

export interface GateSettings {
  maxAgeSeconds: number;
  /** A ratio (0.25 for 25%): the error budget left must be above it. */
  budgetThreshold: number;
  rollback: boolean;
  canaries?: CanarySettings;
}

export const DEFAULT_GATE_SETTINGS: Readonly<GateSettings> = { maxAgeSeconds: 15 * 60, budgetThreshold: 0.25, rollback: false };

export interface SettingsProblem {
  /** Dotted path inside the functionConfig, e.g. `sloGate.canaries.bakeTime`. */
  path: string;
  message: string;
}

/** The settings under `path` of a functionConfig's data (absent: the defaults). */
export function readGateSettings(raw: unknown, path = 'sloGate'): { settings: GateSettings; problems: SettingsProblem[] } {
  const settings: GateSettings = { ...DEFAULT_GATE_SETTINGS };
  const problems: SettingsProblem[] = [];
  if (raw === undefined || raw === null) return { settings, problems };
  if (!isPlainObject(raw)) return { settings, problems: [{ path, message: `${path} must be a mapping` }] };
  const known = ['maxObservationAge', 'budgetThreshold', 'rollback', 'canaries'];
  for (const key of Object.keys(raw))
    if (!known.includes(key))
      problems.push({ path: `${path}.${key}`, message: `${path}.${key} is not a setting; the settings are ${known.join(', ')}` });

  if (raw.maxObservationAge !== undefined) {
    const age = duration(raw.maxObservationAge, `${path}.maxObservationAge`, problems);
    if (age !== undefined) settings.maxAgeSeconds = age;
  }
  if (raw.budgetThreshold !== undefined) {
    const value = raw.budgetThreshold;
    if (typeof value !== 'number' || !(value >= 0 && value < 100))
      problems.push({
        path: `${path}.budgetThreshold`,
        message: `${path}.budgetThreshold must be a percentage from 0 to below 100, got ${JSON.stringify(value)}`,
      });
    else settings.budgetThreshold = value / 100;
  }
  if (raw.rollback !== undefined) {
    if (typeof raw.rollback !== 'boolean')
      problems.push({ path: `${path}.rollback`, message: `${path}.rollback must be true or false, got ${JSON.stringify(raw.rollback)}` });
    else settings.rollback = raw.rollback;
  }
  if (raw.canaries !== undefined) {
    const canaries = readCanaries(raw.canaries, `${path}.canaries`, problems);
    if (canaries) settings.canaries = canaries;
  }
  return { settings, problems };
}

function readCanaries(raw: unknown, path: string, problems: SettingsProblem[]): CanarySettings | undefined {
  if (!isPlainObject(raw)) {
    problems.push({ path, message: `${path} must be a mapping with sites, required and bakeTime` });
    return undefined;
  }
  const before = problems.length;
  const sites = Array.isArray(raw.sites) ? raw.sites : undefined;
  if (!sites || sites.length === 0 || !sites.every((s): s is string => typeof s === 'string' && s !== ''))
    problems.push({ path: `${path}.sites`, message: `${path}.sites must be a non-empty list of request names` });
  else if (new Set(sites).size !== sites.length) problems.push({ path: `${path}.sites`, message: `${path}.sites names a site twice` });
  const bakeSeconds = raw.bakeTime === undefined ? undefined : duration(raw.bakeTime, `${path}.bakeTime`, problems);
  if (raw.bakeTime === undefined) problems.push({ path: `${path}.bakeTime`, message: `${path}.bakeTime must be set, e.g. 2h` });
  const count = sites?.length ?? 0;
  const required = raw.required === undefined ? count : raw.required;
  if (typeof required !== 'number' || !Number.isInteger(required) || required < 1 || (count > 0 && required > count))
    problems.push({
      path: `${path}.required`,
      message: `${path}.required must be a whole number from 1 to the number of sites (${count}), got ${JSON.stringify(required)}`,
    });
  if (problems.length > before) return undefined;
  return { sites: [...(sites as string[])], required: required as number, bakeSeconds: bakeSeconds! };
}

function duration(value: unknown, path: string, problems: SettingsProblem[]): number | undefined {
  const parsed = parseDuration(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''), path);
  if (parsed.ok) return parsed.value;
  problems.push({ path, message: parsed.reason });
  return undefined;
}
