/** Reads what `kubectl get` prints: one or more tables, each a header line and aligned rows. */
export interface Table {
  columns: string[];
  rows: Array<Record<string, string>>;
}

/**
 * Cells are cut at the header's column starts (kubectl pads with spaces), so an empty cell reads
 * as '' instead of shifting the cells after it.
 */
export function parseTables(output: string): Table[] {
  return output
    .split(/\n\s*\n/)
    .map((block) => block.split('\n').filter((l) => l.trim() !== ''))
    .filter((lines) => lines.length > 0)
    .map(([header, ...lines]) => {
      const starts = [...header.matchAll(/\S+/g)].map((m) => m.index);
      const columns = starts.map((start, i) => header.slice(start, starts[i + 1]).trim());
      const rows = lines.map((line) =>
        Object.fromEntries(columns.map((column, i) => [column, line.slice(starts[i], starts[i + 1]).trim()])),
      );
      return { columns, rows };
    });
}
