/**
 * The time a render decides at: now, or `FOCOM_RENDER_TIME` (RFC 3339) when set, so that tests
 * and a person replaying a decision get the same verdict. kpt hands its own environment to
 * `exec` functions (the real-kpt tests rely on it); in Porch the function runner's environment
 * decides, which normally does not set it: there the time is now.
 */
import { type Outcome, fail, succeed } from '@focom/krm-runtime';

export const RENDER_TIME_ENV = 'FOCOM_RENDER_TIME';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function renderTime(env: Readonly<Record<string, string | undefined>>, clock: () => number = Date.now): Outcome<Date> {
  const text = env[RENDER_TIME_ENV];
  if (text === undefined || text === '') return succeed(new Date(clock()));
  if (!RFC3339.test(text) || Number.isNaN(Date.parse(text)))
    return fail(`${RENDER_TIME_ENV} must be an RFC 3339 time such as 2026-05-04T10:15:00Z, got ${JSON.stringify(text)}`);
  return succeed(new Date(Date.parse(text)));
}
