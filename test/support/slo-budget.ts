/**
 * The error budget left as Sloth's rules compute it, from the 5-minute error ratios a test
 * backfilled (oldest first): 1 - mean / budget over the samples in (T - period, T]. T, the rules'
 * last evaluation, lies between t0 and the observation; each step past t0 drops the oldest
 * sample, so each possible drop is a candidate, and the one closest to what was written is the
 * independent calculation to compare it with.
 */
export function closestBudget(
  ratios: readonly number[],
  budget: number,
  written: number,
  window: { t0: number; observedAt: number; step: number },
): number {
  const drops = Math.floor((window.observedAt - window.t0) / window.step) + 1;
  const candidates = Array.from({ length: drops + 1 }, (_, d) => {
    const kept = ratios.slice(d);
    return 1 - kept.reduce((a, b) => a + b, 0) / kept.length / budget;
  });
  return candidates.reduce((best, c) => (Math.abs(c - written) < Math.abs(best - written) ? c : best));
}
