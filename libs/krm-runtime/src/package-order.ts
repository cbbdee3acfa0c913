import type { KrmItem } from './krm-item';

/**
 * kpt lists a package's resources in the order it walks the files: by path, one folder level at
 * a time (names compared by code point), then by index in the file.
 */
export function comparePackageOrder(a: KrmItem, b: KrmItem): number {
  const left = a.fileRef;
  const right = b.fileRef;
  if (!left || !right) return left ? -1 : right ? 1 : 0;
  const leftSegments = left.path.split('/');
  const rightSegments = right.path.split('/');
  for (let i = 0; i < Math.min(leftSegments.length, rightSegments.length); i++) {
    const l = leftSegments[i];
    const r = rightSegments[i];
    if (l !== r) return l < r ? -1 : 1;
  }
  if (leftSegments.length !== rightSegments.length) return leftSegments.length - rightSegments.length;
  return (left.index ?? 0) - (right.index ?? 0);
}

/**
 * The items a function writes: `kept` in the order they came, with `added` placed where kpt will
 * list them when it next reads the package. A function's new items then sit where they would on
 * a second render, and the user's last item stays last, so its foot comment stays the foot of
 * the document (kpt writes a comment followed by another item into the user's file twice).
 * Items without a path (kpt fn eval of a bare list) follow all others.
 */
export function placeInPackageOrder(kept: readonly KrmItem[], added: readonly KrmItem[]): KrmItem[] {
  const pending = [...added].sort(comparePackageOrder);
  const out: KrmItem[] = [];
  let next = 0;
  for (const item of kept) {
    if (item.fileRef) {
      while (next < pending.length && pending[next].fileRef && comparePackageOrder(pending[next], item) < 0) out.push(pending[next++]);
    }
    out.push(item);
  }
  while (next < pending.length) out.push(pending[next++]);
  return out;
}
