/**
 * Durations as Prometheus and Flux write them (`90s`, `15m`, `1h30m`, `2d`, `1w`): how the SLO
 * gate's settings and the observation command's options are given.
 */
import { type Outcome, fail, succeed } from '@focom/krm-runtime';

const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const DURATION = /^(?:\d+(?:ms|s|m|h|d|w))+$/;
const PART = /(\d+)(ms|s|m|h|d|w)/g;

/** The number of seconds `text` stands for; `0s` and units out of order are accepted as Prometheus accepts them. */
export function parseDuration(text: string, what: string): Outcome<number> {
  if (!DURATION.test(text)) return fail(`${what} must be a duration such as 90s, 15m, 1h30m or 2d; got ${JSON.stringify(text)}`);
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(PART)) seconds += Number(amount) * UNIT_SECONDS[unit];
  return succeed(seconds);
}

/** A number of seconds as a person reads it: `14m05s`, `2h00m`, `3d04h`, `45s`. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  if (days > 0) return `${days}d${two(hours)}h`;
  if (hours > 0) return `${hours}h${two(minutes)}m`;
  if (minutes > 0) return `${minutes}m${two(seconds)}s`;
  return `${seconds}s`;
}
