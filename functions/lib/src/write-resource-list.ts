import type { ResourceList } from './resource-list';
import type { Result } from './results';
import { toYamlText } from './yaml-format';

/** Writes the output ResourceList: header, items in order, functionConfig as it came, results. */
export function writeResourceList(list: ResourceList, results: readonly Result[]): string {
  const parts: string[] = [`apiVersion: ${list.apiVersion}\n`, `kind: ${list.kind}\n`];
  if (list.items.length === 0) {
    parts.push('items: []\n');
  } else {
    parts.push('items:\n');
    for (const item of list.items) parts.push(item.toEntryText(list.seqIndent));
  }
  if (list.functionConfigText !== undefined && list.functionConfig && !list.functionConfig.isEdited) {
    parts.push(list.functionConfigText);
  } else if (list.functionConfig) {
    parts.push(toYamlText({ functionConfig: list.functionConfig.object }));
  }
  if (results.length > 0) parts.push(toYamlText({ results: results.map(orderResultKeys) }));
  return parts.join('');
}

/** kpt's own key order, so results.yaml reads the same as kpt's. */
function orderResultKeys(result: Result): Record<string, unknown> {
  const ordered: Record<string, unknown> = { message: result.message, severity: result.severity };
  if (result.resourceRef) ordered.resourceRef = result.resourceRef;
  if (result.field) ordered.field = result.field;
  if (result.file) ordered.file = result.file;
  if (result.tags) ordered.tags = result.tags;
  return ordered;
}
