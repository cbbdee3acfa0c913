/**
 * The one order of names the functions sort by: Unicode code points, as Go compares strings in
 * kpt, kustomize and Porch. Never `localeCompare`, whose order changes with the machine's locale
 * and ICU data. JavaScript's `<` compares UTF-16 code units, which puts a code point above U+FFFF
 * (a surrogate pair) before U+E000-U+FFFF; the surrogate range is moved above them here.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}
