/**
 * Reading a kpt package from disk as items (as kpt would hand them to a function, with their path
 * and index annotations), and writing the observation file so that a failed run leaves the
 * package as it was.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { isMap, parseAllDocuments } from 'yaml';
import { INDEX_ANNOTATION, PATH_ANNOTATION } from '@focom/krm-runtime';
import { KrmItem, type KrmObject, MAX_ALIAS_COUNT } from '@focom/krm-runtime';
import { type Outcome, fail, succeed } from '@focom/krm-runtime';
import { isPlainObject } from '@focom/krm-runtime';
import { YAML_READ_OPTIONS } from '@focom/krm-runtime';

export interface PackageOnDisk {
  /** The Kptfile's metadata.name, or the folder's name without a Kptfile. */
  name: string;
  items: KrmItem[];
}

/** Every resource in `*.yaml`, `*.yml` and `Kptfile` files below `dir`, skipping folders whose name starts with a dot. */
export function readPackage(dir: string): Outcome<PackageOnDisk> {
  try {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return fail(`the package ${dir} is not a directory`);
    const items: KrmItem[] = [];
    for (const file of resourceFiles(dir)) {
      const path = relative(dir, file).split(sep).join('/');
      const read = readResources(readFileSync(file, 'utf8'), path, file);
      if (!read.ok) return read;
      items.push(...read.value);
    }
    const kptfile = items.find((item) => item.kind === 'Kptfile' && item.fileRef?.path === 'Kptfile');
    return succeed({ name: kptfile?.name || basename(dir), items });
  } catch (error) {
    return fail(`the package ${dir} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function resourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) return resourceFiles(full);
      return entry.isFile() && (/\.ya?ml$/.test(entry.name) || entry.name === 'Kptfile') ? [full] : [];
    });
}

/** `path` is the file's place in the package (its annotation); `shown` is how messages name it. */
function readResources(text: string, path: string, shown: string): Outcome<KrmItem[]> {
  const items: KrmItem[] = [];
  for (const [index, document] of parseAllDocuments(text, YAML_READ_OPTIONS).entries()) {
    const problem = document.errors[0];
    if (problem) return fail(`${shown} is not valid YAML: ${problem.message.split('\n')[0]}`);
    if (document.contents === null) continue;
    if (!isMap(document.contents)) return fail(`${shown}: document ${index + 1} is not a KRM resource (not a mapping)`);
    const object = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as KrmObject;
    const metadata = isPlainObject(object.metadata) ? object.metadata : {};
    const annotations = isPlainObject(metadata.annotations) ? metadata.annotations : {};
    items.push(
      KrmItem.fromObject({
        ...object,
        metadata: { ...metadata, annotations: { ...annotations, [PATH_ANNOTATION]: path, [INDEX_ANNOTATION]: String(index) } },
      }),
    );
  }
  return succeed(items);
}

/** The file's text, or undefined when there is none. */
export function readIfPresent(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/**
 * Writes beside the target and renames, so the file is either the old one or the whole new one.
 * The file beside is created new (never over an existing one), and only that file is ever removed.
 */
export function writeAtomically(file: string, text: string): Outcome<void> {
  const temporary = `${file}.observe-slos-${process.pid}.tmp`;
  let created = false;
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    created = true;
    renameSync(temporary, file);
    return succeed(undefined);
  } catch (error) {
    if (created) rmSync(temporary, { force: true });
    return fail(`cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
