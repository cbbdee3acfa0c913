import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isPlainObject } from '@focom/krm-runtime';
import { type TemplateDefinition, templateFromSpec, templateLabel } from './template';
import { TEMPLATE_KIND } from './vocabulary';
import { PRECOMPILED } from './precompiled-library';

/** Overrides where the built-in templates are read from (a folder of template packages). */
export const LIBRARY_ENV = 'FOCOM_TEMPLATE_LIBRARY';

let cached: Map<string, TemplateDefinition> | undefined;

/**
 * The built-in templates keyed by `<name>@<version>`, every version side by side, read once per
 * process from `packages/templates/` (or precompiled into the bundle at build time).
 */
export function templateLibrary(): Map<string, TemplateDefinition> {
  if (!cached) {
    cached =
      PRECOMPILED && !process.env[LIBRARY_ENV]
        ? new Map(PRECOMPILED.templates.map((t) => [templateLabel(t), { ...t, origin: 'library' as const }]))
        : loadLibrary(libraryDir());
  }
  return cached;
}

function libraryDir(): string {
  const configured = process.env[LIBRARY_ENV];
  if (configured) return configured;
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'packages', 'templates');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`the template library was not found above ${__dirname}; set ${LIBRARY_ENV}`);
}

/**
 * Every template package directly under `root`, keyed by `<name>@<version>`. A folder is named
 * after its template (`5g-ran-du/`, the newest version) or after its template and version
 * (`5g-ran-du-v1.0.0/`, an earlier one kept so that sites pinned to it still render); two folders
 * holding the same name and version are an error.
 */
export function loadLibrary(root: string): Map<string, TemplateDefinition> {
  const library = new Map<string, TemplateDefinition>();
  const folders = new Map<string, string>();
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (!statSync(dir).isDirectory()) continue;
    const template = loadTemplatePackage(dir);
    const key = templateLabel(template);
    if (name !== template.name && name !== `${template.name}-${template.version}`) {
      throw new Error(`template package ${dir} holds ${key}: name its folder ${template.name} or ${template.name}-${template.version}`);
    }
    const first = folders.get(key);
    if (first !== undefined) throw new Error(`template packages ${first} and ${dir} both hold ${key}`);
    folders.set(key, dir);
    library.set(key, template);
  }
  return library;
}

/** A template package: one FocomTemplate (its schema) and the manifests beside it, in file order. */
export function loadTemplatePackage(dir: string): TemplateDefinition {
  let spec: unknown;
  const resources: Record<string, unknown>[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      if (doc.errors.length > 0) throw new Error(`${join(dir, file)}: ${doc.errors[0].message}`);
      const object: unknown = doc.toJS();
      if (!isPlainObject(object)) continue;
      if (object.kind === TEMPLATE_KIND) spec = object.spec;
      else if (object.kind !== 'Kptfile') resources.push(object);
    }
  }
  const template = templateFromSpec(spec, resources, 'library');
  if (!template.ok) throw new Error(`template package ${dir}: ${template.reason}`);
  return template.value;
}
