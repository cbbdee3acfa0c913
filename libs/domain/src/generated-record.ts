import type { KrmItem } from '@focom/krm-runtime';
import { compareCodePoints } from './order';
import { isGeneratedItem, requestDirOf } from './generated-layout';
import { PREVIOUS_TEMPLATE_ANNOTATION, TEMPLATE_ANNOTATION, TEMPLATE_CHANGE_ANNOTATION } from './vocabulary';

/** What a request's generated resources say about the template they were rendered with. */
export interface RenderRecord {
  /** `<name>@<version>` of the last render. */
  template: string;
  /** `<name>@<version>` before the last version change, if there was one. */
  previous?: string;
  /** What that change did, as it was reported when it was rendered. */
  change?: string;
}

/**
 * The record of each request folder (`generated/<ns>/<name>`), read from its generated resources'
 * annotations: the first resource in path order that carries the template annotation speaks for
 * the folder (a render writes the same values on all of them).
 */
export function readRenderRecords(items: readonly KrmItem[]): Map<string, RenderRecord> {
  const generated = items
    .filter((item) => isGeneratedItem(item) && item.annotations[TEMPLATE_ANNOTATION] !== undefined)
    .sort((a, b) => compareCodePoints(a.fileRef!.path, b.fileRef!.path));
  const records = new Map<string, RenderRecord>();
  for (const item of generated) {
    const dir = requestDirOf(item.fileRef!.path);
    if (records.has(dir)) continue;
    const record: RenderRecord = { template: item.annotations[TEMPLATE_ANNOTATION] };
    const previous = item.annotations[PREVIOUS_TEMPLATE_ANNOTATION];
    if (previous !== undefined && previous !== '') record.previous = previous;
    const change = item.annotations[TEMPLATE_CHANGE_ANNOTATION];
    if (record.previous !== undefined && change !== undefined && change !== '') record.change = change;
    records.set(dir, record);
  }
  return records;
}
