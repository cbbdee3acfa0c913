/** What observe-slos prints when it wrote the file: where, when, from where, and a line per SLO. */
import type { SiteObservation, SloObservationSpec } from '@focom/observability';

export function summary(file: string, spec: SloObservationSpec): string {
  const rows: string[][] = [['REQUEST', 'TEMPLATE', 'SLO', 'BUDGET LEFT', 'BURN RATE', 'FIRING']];
  const add = (site: SiteObservation, prefix: string): void => {
    const name = `${prefix}${site.namespace ? `${site.namespace}/` : ''}${site.request}`;
    if (site.slos.length === 0) rows.push([name, site.template ?? '-', '(none)', '-', '-', '-']);
    for (const slo of site.slos)
      rows.push([
        name,
        site.template ?? '-',
        slo.slo,
        slo.state === 'no-data' ? 'no data' : `${((slo.errorBudgetRemaining ?? 0) * 100).toFixed(1)}%`,
        slo.currentBurnRate === undefined ? '-' : slo.currentBurnRate.toFixed(2),
        slo.firingAlerts.length === 0 ? '-' : slo.firingAlerts.join(','),
      ]);
  };
  for (const request of spec.requests) add(request, '');
  for (const canary of spec.canaries) add(canary, `canary ${canary.package}: `);
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const table = rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
  return `wrote ${file}: observed at ${spec.observedAt} from ${spec.source}\n${table}\n`;
}
