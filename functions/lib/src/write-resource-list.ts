import type { ResourceList } from './resource-list';
import type { Result } from './results';
import { toYamlText } from './yaml-format';

/**
 * Writes the output ResourceList: header, results, functionConfig as it came, then the items in
 * order. Items come last so that a comment at column 0 after the last item stays the document's
 * foot comment: followed by another key, kpt would attach it there too and the comment would be
 * written twice into the user's last file.
 */
export function writeResourceList(list: ResourceList, results: readonly Result[]): string {
  const parts: string[] = [`apiVersion: ${list.apiVersion}\n`, `kind: ${list.kind}\n`];
  if (results.length > 0) parts.push(toYamlText({ results: results.map(orderResultKeys) }));
  if (list.functionConfigText !== undefined && list.functionConfig && !list.functionConfig.isEdited) {
    parts.push(withFinalNewline(list.functionConfigText));
  } else if (list.functionConfig) {
    parts.push(toYamlText({ functionConfig: list.functionConfig.object }));
  }
  if (list.items.length === 0) {
    parts.push('items: []\n');
  } else {
    parts.push('items:\n');
    if (list.itemsPrologue !== undefined) parts.push(list.itemsPrologue);
    for (const item of list.items) parts.push(item.toEntryText(list.seqIndent));
  }
  return parts.join('');
}

function withFinalNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
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
