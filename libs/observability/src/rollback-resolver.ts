/**
 * The version the SLO gate rolls each request back to, for checkPackage's `rollbackTo`, decided
 * from the data inject's gate reads (the Kptfile's gate records, the package's SloObservation, the
 * render time and the settings), so that what expand renders and what inject targets agree.
 */
import type { KrmItem } from '@focom/krm-runtime';
import { rootKptfile } from '@focom/krm-runtime';
import { requestDir } from '@focom/domain';
import { readRenderRecords } from '@focom/domain';
import type { GateConfig } from './gate-settings';
import { gateSettings } from './gate-settings';
import { recordedRollback } from './gate-record';
import { gateRollback } from './request-slo-condition';
import { renderTime } from './render-time';
import { packageObservation } from './slo-observation';

type Resolver = (request: { name: string; namespace: string }, resolved: string) => string | undefined;

/**
 * expand's: with `sloRollback` on, the version to render instead of the one resolved. A rollback on
 * record stands while the request still resolves to the version that burned, so a re-render
 * renders the same; with `sloRollback` off nothing is rolled back, whatever the record says. A
 * broken observation or render time rolls nothing back (inject reports it).
 */
export function rollbackToRender(items: readonly KrmItem[], config: Readonly<GateConfig>): Resolver {
  const settings = gateSettings(config);
  if (!settings.rollback) return () => undefined;
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

/**
 * inject's: the rollback expand rendered, so that the request's generated resources count as its
 * own and are targeted and delivered. A rollback expand did not render (its `sloRollback` is off)
 * is not taken: the SLO condition says it is pending instead.
 */
export function rollbackRendered(items: readonly KrmItem[], config: Readonly<GateConfig>): Resolver {
  if (!gateSettings(config).rollback) return () => undefined; // without reading the package a second time
  const decide = rollbackToRender(items, config);
  const records = readRenderRecords(items);
  return (request, resolved) => {
    const target = decide(request, resolved);
    return target !== undefined && records.get(requestDir(request))?.template === target ? target : undefined;
  };
}
