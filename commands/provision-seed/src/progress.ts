/**
 * Progress lines: one per phase as it starts (`[2/6] SMO cluster: ...`), indented lines for its
 * steps, and the phase's time when it ends; times are measured from the start of the command.
 */
export const PHASES = ['prerequisites', 'SMO cluster', 'edge cluster', 'edge secret', 'package', 'status'] as const;
export type PhaseName = (typeof PHASES)[number];

export interface Progress {
  phase(name: PhaseName, what: string): void;
  step(message: string): void;
  /** Ends the current phase with its duration. */
  done(summary?: string): void;
  skipped(name: PhaseName, why: string): void;
  /** The phase running now (for a failure's message). */
  current(): PhaseName | undefined;
  elapsed(): string;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function createProgress(write: (line: string) => void, now: () => number = Date.now): Progress {
  const started = now();
  let phase: PhaseName | undefined;
  let phaseStarted = started;
  const label = (name: PhaseName): string => `[${PHASES.indexOf(name) + 1}/${PHASES.length}] ${name}`;
  return {
    phase(name, what) {
      phase = name;
      phaseStarted = now();
      write(`${label(name)}: ${what}`);
    },
    step(message) {
      write(`      ${message} (${seconds(now() - phaseStarted)})`);
    },
    done(summary) {
      if (phase === undefined) return;
      write(`      ${summary ?? 'done'} in ${seconds(now() - phaseStarted)} (total ${seconds(now() - started)})`);
      phase = undefined;
    },
    skipped(name, why) {
      write(`${label(name)}: skipped (${why})`);
    },
    current: () => phase,
    elapsed: () => seconds(now() - started),
  };
}
