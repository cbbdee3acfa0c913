/**
 * The SLO gate's settings, as flat functionConfig keys (a ConfigMap's `data` holds text): one way
 * to read them, by the function that renders the gate (inject-ocloud-targeting, and focom-render
 * through it) and by any stage that must agree with it (a rollback is rendered by expand).
 *
 * ```yaml
 * data:
 *   sloMaxObservationAge: 15m        # an older observation does not open the gate
 *   sloBudgetThreshold: "25"         # percent of the period's error budget that must be left
 *   sloRollback: "false"             # true: render the last good version when the running one burns
 *   sloCanarySites: canary-a,canary-b  # requests (or package names) of the canary packages (a wave gated on them)
 *   sloCanaryRequired: "1"           # how many must be ready (empty: all of them)
 *   sloCanaryBakeTime: 2h            # how long each must have run the target version
 * ```
 *
 * Each key is parsed, defaulted and then checked across keys with the others, and every problem
 * is reported at once (see `readFunctionConfig`).
 */
import { type ConfigField, type ConfigFields, type ConfigProblem, matching, oneOf } from '@focom/krm-runtime';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { parseDuration } from './duration';

export interface CanarySettings {
  /** The canary sites: request or package names of the canary packages. */
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

/** The gate's functionConfig keys, as text checked by their field (the typed settings come from `gateSettings`). */
export interface GateConfig {
  sloMaxObservationAge: string;
  sloBudgetThreshold: string;
  sloRollback: 'true' | 'false';
  sloCanarySites: string;
  sloCanaryRequired: string;
  sloCanaryBakeTime: string;
}

const DURATION_WORDS = 'a duration such as 90s, 15m, 1h30m or 2d';

function durationField(defaultValue: string, description: string, optional = false): ConfigField<string> {
  return {
    description,
    allowed: optional ? `empty or ${DURATION_WORDS}` : DURATION_WORDS,
    default: defaultValue,
    expected: DURATION_WORDS,
    parse: (text): Outcome<string> => {
      if (optional && text === '') return succeed(text);
      return parseDuration(text, 'it').ok ? succeed(text) : fail(DURATION_WORDS);
    },
  };
}

const PERCENT = 'a percentage from 0 to below 100, such as 25 or 12.5';
const SITES = /^$|^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(\s*,\s*[a-z0-9]([-a-z0-9.]*[a-z0-9])?)*$/;

export const GATE_CONFIG_FIELDS: ConfigFields<GateConfig> = {
  sloMaxObservationAge: durationField('15m', 'SLO gate: an SloObservation older than this does not open the gate.'),
  sloBudgetThreshold: {
    description: "SLO gate: percent of each SLO's error budget over its period that must be left for a change to proceed.",
    allowed: 'a percentage (0 to below 100)',
    default: '25',
    expected: PERCENT,
    parse: (text) => {
      const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
      return value >= 0 && value < 100 ? succeed(text) : fail(PERCENT);
    },
  },
  sloRollback: oneOf(
    ['true', 'false'],
    'false',
    'SLO gate: render the last version that ran healthy when the running one burns its error budget.',
  ),
  sloCanarySites: matching(
    SITES,
    'a comma-separated list of request names',
    '',
    'SLO gate: the canary sites (requests or package names of other packages, observed with observe-slos --canary) a change waits for.',
  ),
  sloCanaryRequired: matching(
    /^(|[1-9]\d*)$/,
    'empty or a whole number from 1',
    '',
    'SLO gate: how many canary sites must be ready (empty: all of them).',
  ),
  sloCanaryBakeTime: durationField(
    '',
    'SLO gate: how long a canary must have run the target version with healthy SLOs (required with sloCanarySites).',
    true,
  ),
};

export const GATE_CONFIG_DEFAULTS: Readonly<GateConfig> = {
  sloMaxObservationAge: '15m',
  sloBudgetThreshold: '25',
  sloRollback: 'false',
  sloCanarySites: '',
  sloCanaryRequired: '',
  sloCanaryBakeTime: '',
};

function sitesOf(config: Readonly<GateConfig>): string[] {
  return config.sloCanarySites
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Problems across the gate's keys (each key alone is already valid, or its default). */
export function validateGateConfig(config: Readonly<GateConfig>): ConfigProblem<GateConfig>[] {
  const problems: ConfigProblem<GateConfig>[] = [];
  const sites = sitesOf(config);
  const involves = ['sloCanarySites'] as const;
  if (new Set(sites).size !== sites.length) problems.push({ key: 'sloCanarySites', message: 'names a site twice' });
  if (sites.length === 0) {
    if (config.sloCanaryBakeTime !== '')
      problems.push({ key: 'sloCanaryBakeTime', message: 'is set but sloCanarySites names no canary: set both or neither', involves });
    if (config.sloCanaryRequired !== '')
      problems.push({ key: 'sloCanaryRequired', message: 'is set but sloCanarySites names no canary: set both or neither', involves });
    return problems;
  }
  if (config.sloCanaryBakeTime === '')
    problems.push({
      key: 'sloCanaryBakeTime',
      message: 'must be set when sloCanarySites is, e.g. 2h: how long a canary must run the target version',
      involves,
    });
  if (config.sloCanaryRequired !== '' && Number(config.sloCanaryRequired) > sites.length)
    problems.push({
      key: 'sloCanaryRequired',
      message: `must be at most the number of canary sites (${sites.length}), got ${config.sloCanaryRequired}`,
      involves,
    });
  return problems;
}

/** The typed settings of valid keys (defaults where a key is absent). */
export function gateSettings(config: Readonly<GateConfig>): GateSettings {
  const seconds = (text: string): number => {
    const parsed = parseDuration(text, 'duration');
    return parsed.ok ? parsed.value : 0;
  };
  const settings: GateSettings = {
    maxAgeSeconds: seconds(config.sloMaxObservationAge),
    budgetThreshold: Number(config.sloBudgetThreshold) / 100,
    rollback: config.sloRollback === 'true',
  };
  const sites = sitesOf(config);
  if (sites.length > 0 && config.sloCanaryBakeTime !== '')
    settings.canaries = {
      sites,
      required: config.sloCanaryRequired === '' ? sites.length : Math.min(Number(config.sloCanaryRequired), sites.length),
      bakeSeconds: seconds(config.sloCanaryBakeTime),
    };
  return settings;
}

/** The settings as one line, for the record that keeps a verdict while its inputs are unchanged. */
export function settingsFingerprint(settings: Readonly<GateSettings>): string {
  const canaries = settings.canaries
    ? `,canaries=${settings.canaries.sites.join('+')}/${settings.canaries.required}/${settings.canaries.bakeSeconds}s`
    : '';
  return `age=${settings.maxAgeSeconds}s,budget=${settings.budgetThreshold},rollback=${settings.rollback}${canaries}`;
}
