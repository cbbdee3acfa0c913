import type { ResourceList } from './resource-list';
import type { Result } from './results';
import { assembleResourceList } from './resource-list-text';
import { toYamlText } from './yaml-format';

/** Writes the output ResourceList (see assembleResourceList for the order of its parts). */
export function writeResourceList(list: ResourceList, results: readonly Result[]): string {
  let functionConfigText = '';
  if (list.functionConfigText !== undefined && list.functionConfig && !list.functionConfig.isEdited) {
    functionConfigText = list.functionConfigText;
  } else if (list.functionConfig) {
    functionConfigText = toYamlText({ functionConfig: list.functionConfig.object });
  }
  return assembleResourceList({
    apiVersion: list.apiVersion,
    kind: list.kind,
    resultsText: resultsText(results),
    functionConfigText,
    ...(list.itemsPrologue !== undefined ? { itemsPrologue: list.itemsPrologue } : {}),
    itemTexts: list.items.map((item) => item.toEntryText(list.seqIndent)),
  });
}

/** The `results:` section, or '' when there are none. */
export function resultsText(results: readonly Result[]): string {
  return results.length > 0 ? toYamlText({ results: results.map(orderResultKeys) }) : '';
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
