import { PACKAGE_PATH_ANNOTATION } from './annotations';
import type { KrmItem } from './krm-item';

/** The root package's Kptfile: path `Kptfile` with the shortest package path. */
export function rootKptfile(items: readonly KrmItem[]): KrmItem | undefined {
  const kptfiles = items.filter((i) => i.kind === 'Kptfile' && i.fileRef?.path === 'Kptfile');
  kptfiles.sort((a, b) => (a.annotations[PACKAGE_PATH_ANNOTATION] ?? '').length - (b.annotations[PACKAGE_PATH_ANNOTATION] ?? '').length);
  return kptfiles[0];
}
