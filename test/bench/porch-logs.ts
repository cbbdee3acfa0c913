/**
 * What the bench reads from Porch's logs (klog lines: `I1206 01:25:39.074241 24794 file.go:96] message`):
 * the function runner's evaluations, the package renders they make up, and Porch's git pushes.
 */

export interface Evaluation {
  image: string;
  /** Milliseconds since the start of the log's month (klog writes the day, not the year). */
  start: number;
  ms: number;
}

const KLOG = /^[IWEF](\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6})\s+\d+ [^\]]+\] (.*)$/;

function stamp(match: RegExpExecArray): number {
  const [, , day, hours, minutes, secs, micros] = match.map(Number);
  return (((day * 24 + hours) * 60 + minutes) * 60 + secs) * 1000 + micros / 1000;
}

/** Each `Evaluating "image"` paired with the next `Evaluated "image"` of the same image, in start order. */
export function evaluations(log: string): Evaluation[] {
  const open = new Map<string, number[]>();
  const done: Evaluation[] = [];
  for (const line of log.split('\n')) {
    const match = KLOG.exec(line);
    if (!match) continue;
    const message = match[7];
    const started = /^Evaluating "([^"]+)" in executable mode/.exec(message);
    if (started) {
      open.set(started[1], [...(open.get(started[1]) ?? []), stamp(match)]);
      continue;
    }
    const ended = /^Evaluated "([^"]+)"/.exec(message);
    const queue = ended ? open.get(ended[1]) : undefined;
    if (ended && queue && queue.length > 0) {
      const start = queue.shift()!;
      done.push({ image: ended[1], start, ms: stamp(match) - start });
    }
  }
  return done.sort((a, b) => a.start - b.start);
}

/**
 * Per package render, the milliseconds from its first step's evaluation starting to its last
 * step's ending, for a pipeline of `steps` runner steps: the k-th evaluation of each step image
 * (in start order) is taken as the k-th render. Exact when renders do not overlap; when Porch
 * renders two packages at once the pairing may swap them, which moves little time between them.
 */
export function packageRenders(log: string, steps: number): number[] {
  const all = evaluations(log);
  const images = [...new Set(all.map((e) => e.image))];
  if (images.length !== steps) return all.length === 0 ? [] : [NaN];
  const byImage = images.map((image) => all.filter((e) => e.image === image));
  const count = Math.min(...byImage.map((list) => list.length));
  const renders: number[] = [];
  for (let k = 0; k < count; k++) {
    const parts = byImage.map((list) => list[k]);
    const start = Math.min(...parts.map((p) => p.start));
    const end = Math.max(...parts.map((p) => p.start + p.ms));
    renders.push(end - start);
  }
  return renders;
}

/** The sum of Porch's `git push completed ... in <duration>` times, in milliseconds. */
export function gitPushMillis(log: string): number {
  let total = 0;
  for (const match of log.matchAll(/git push completed: .* in (\d+(?:\.\d+)?)(ms|s|µs)$/gm)) {
    const value = Number(match[1]);
    total += match[2] === 's' ? value * 1000 : match[2] === 'ms' ? value : value / 1000;
  }
  return total;
}

/** The q-quantile (nearest rank) of the values; NaN for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
