import { type KrmItem, rootKptfile } from '../../lib/src';
import type { CheckOptions } from '../../lib/src/focom';
import { type GateConfig, gateRollback, gateSettings, packageObservation, recordedRollback, renderTime } from '../../lib/src/observability';

/**
 * The version the SLO gate rolls each request back to, decided from the same data inject's gate
 * reads (the Kptfile's gate records, the package's SloObservation, the render time and the
 * settings), so that what expand renders and the condition inject writes agree. A rollback on
 * record stands while the request still resolves to the version that burned, so a re-render
 * renders the same; a broken observation or render time rolls nothing back (inject reports it).
 */
export function rollbackResolver(items: readonly KrmItem[], config: Readonly<GateConfig>): NonNullable<CheckOptions['rollbackTo']> {
  const settings = gateSettings(config);
  const kptfile = rootKptfile(items)?.object;
  const now = renderTime(process.env);
  const observation = packageObservation(items);
  return (request, resolved) => {
    const recorded = recordedRollback(kptfile, request.name, resolved);
    if (recorded !== undefined) return recorded;
    if (!now.ok || !observation.ok) return undefined;
    return gateRollback({ request, resolved, ...(observation.value ? { observation: observation.value } : {}), settings, now: now.value });
  };
}
