/** The number of spaces `text` starts with at `start` (indentation, in YAML's sense). */
export function leadingSpaces(text: string, start = 0, end = text.length): number {
  let i = start;
  while (i < end && text.charCodeAt(i) === 32) i++;
  return i - start;
}
