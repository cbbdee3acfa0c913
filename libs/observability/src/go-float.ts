/**
 * A float64 as Go's `fmt` prints it with `%v` / `%g` (what Sloth's templates write): the shortest
 * digits that read back as the same number (as JavaScript's), but in exponent form from 1e+06 up
 * and below 1e-04, with at least two exponent digits (`5e-05`, where JavaScript writes `0.00005`).
 */
export function goFloat(value: number): string {
  if (!Number.isFinite(value) || value === 0) return String(value);
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 6) return String(value);
  const digits = String(Math.abs(exponent)).padStart(2, '0');
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${digits}`;
}
