/** The text parts of an output ResourceList, already serialised. */
export interface ResourceListParts {
  apiVersion: string;
  kind: string;
  /** `results:` and its entries, or '' for none. */
  resultsText: string;
  /** `functionConfig:` and its value, or '' for none. */
  functionConfigText: string;
  /** Comment lines between `items:` and the first item. */
  itemsPrologue?: string;
  /** Each item as a sequence entry ending in a newline. */
  itemTexts: readonly string[];
}

/**
 * Puts an output ResourceList together: header, results, functionConfig, then the items. Items
 * come last so that a comment at column 0 after the last item stays the document's foot comment:
 * followed by another key, kpt would attach it there too and write it twice into the user's last
 * file. Kept free of any YAML library, so a function with nothing to do writes its output without
 * loading one.
 */
export function assembleResourceList(parts: ResourceListParts): string {
  const out = [`apiVersion: ${parts.apiVersion}\n`, `kind: ${parts.kind}\n`, parts.resultsText, withFinalNewline(parts.functionConfigText)];
  if (parts.itemTexts.length === 0) {
    out.push('items: []\n');
  } else {
    out.push('items:\n', parts.itemsPrologue ?? '', ...parts.itemTexts);
  }
  return out.join('');
}

function withFinalNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
