import { INDEX_ANNOTATION, INTERNAL_INDEX_ANNOTATION, INTERNAL_PATH_ANNOTATION, PATH_ANNOTATION } from '@focom/krm-runtime';
import { KrmItem, type KrmObject, type YamlPath } from '@focom/krm-runtime';
import { isPlainObject } from '@focom/krm-runtime';

/**
 * A generated resource as an item at `path`. When the package already holds an item there, that
 * item is updated in place: every field the template governs is set to the template's value,
 * and fields the template does not govern (a hand-added label, a comment) are kept, so hand edits
 * survive re-rendering the kpt way.
 */
export function reconcileGenerated(object: KrmObject, path: string, existing: KrmItem | undefined): KrmItem {
  const located = withLocation(object, path);
  if (!existing || existing.kind !== object.kind || existing.apiVersion !== object.apiVersion) return KrmItem.fromObject(located);
  applyGoverned(existing, [], located);
  return existing;
}

function withLocation(object: KrmObject, path: string): KrmObject {
  const metadata = isPlainObject(object.metadata) ? object.metadata : {};
  const annotations = isPlainObject(metadata.annotations) ? metadata.annotations : {};
  return {
    ...object,
    metadata: {
      ...metadata,
      annotations: {
        ...annotations,
        [PATH_ANNOTATION]: path,
        [INDEX_ANNOTATION]: '0',
        [INTERNAL_PATH_ANNOTATION]: path,
        [INTERNAL_INDEX_ANNOTATION]: '0',
      },
    },
  };
}

/** Mappings the template and the item both hold merge key by key; anything else is set. */
function applyGoverned(item: KrmItem, path: YamlPath, value: unknown): void {
  if (isPlainObject(value) && isPlainObject(item.getIn(path))) {
    for (const [key, child] of Object.entries(value)) applyGoverned(item, [...path, key], child);
    return;
  }
  item.setIn(path, value);
}
