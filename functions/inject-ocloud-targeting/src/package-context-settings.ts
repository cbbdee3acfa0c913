/**
 * A wave's canary settings from the package context. One blueprint serves every wave of a fleet;
 * what differs per wave is which canaries its sites wait for. A PackageVariantSet gives each wave
 * that through `template.packageContext.data`, which Porch writes into the package context
 * (package-context.yaml, the ConfigMap `kptfile.kpt.dev`), the same object that names the site.
 */
import { type KrmItem, type Result, errorResult } from '@focom/krm-runtime';
import { GATE_CONFIG_FIELDS, type GateConfig, validateGateConfig } from '@focom/observability';
import type { InjectSettings } from './config';

export const PACKAGE_CONTEXT_NAME = 'kptfile.kpt.dev';
/** The keys read from the package context: the canary keys, nothing that changes delivery. */
export const PACKAGE_CONTEXT_KEYS = ['sloCanarySites', 'sloCanaryRequired', 'sloCanaryBakeTime'] as const satisfies ReadonlyArray<
  keyof GateConfig
>;

/** The root package's context (a subpackage has its own package-context.yaml, which is not this package's). */
function packageContext(items: readonly KrmItem[]): KrmItem | undefined {
  return items.find(
    (item) =>
      item.apiVersion === 'v1' &&
      item.kind === 'ConfigMap' &&
      item.name === PACKAGE_CONTEXT_NAME &&
      (item.fileRef === undefined || item.fileRef.path === 'package-context.yaml'),
  );
}

/**
 * The settings with the package context's canary keys applied. A key the functionConfig sets to
 * another value is an error on the package context (two places deciding one gate is a mistake the
 * reviewer must see), as is a value its field does not accept; either way the gate keeps the
 * functionConfig's settings.
 */
export function withPackageContextSettings(
  items: readonly KrmItem[],
  settings: InjectSettings,
): { settings: InjectSettings; results: Result[] } {
  const context = packageContext(items);
  if (!context) return { settings, results: [] };
  const results: Result[] = [];
  const merged: InjectSettings = { ...settings };
  const where = (key: string): string => `the package context (ConfigMap ${PACKAGE_CONTEXT_NAME}) data.${key}`;
  for (const key of PACKAGE_CONTEXT_KEYS) {
    const raw = context.getIn(['data', key]);
    if (raw === undefined || raw === null) continue;
    const field = { path: `data.${key}`, currentValue: raw };
    if (typeof raw !== 'string') {
      results.push(errorResult(`${where(key)} must be text (quote it), got ${JSON.stringify(raw)}`, context.subject, field));
      continue;
    }
    const parsed = GATE_CONFIG_FIELDS[key].parse(raw);
    if (!parsed.ok) {
      results.push(errorResult(`${where(key)} must be ${parsed.reason}, got ${JSON.stringify(raw)}`, context.subject, field));
      continue;
    }
    if (settings[key] !== '' && settings[key] !== raw) {
      results.push(
        errorResult(
          `${where(key)} is ${JSON.stringify(raw)} but the functionConfig sets ${key} to ${JSON.stringify(settings[key])}: set it in one place`,
          context.subject,
          field,
        ),
      );
      continue;
    }
    merged[key] = raw;
  }
  if (results.length > 0) return { settings, results };
  // The functionConfig's own problems are reported by readFunctionConfig; only a key taken from the
  // package context can make new ones.
  if (PACKAGE_CONTEXT_KEYS.every((key) => merged[key] === settings[key])) return { settings, results };
  for (const problem of validateGateConfig(merged)) {
    results.push(
      errorResult(`${where(problem.key)} with the functionConfig: ${problem.message}`, context.subject, { path: `data.${problem.key}` }),
    );
  }
  return results.length > 0 ? { settings, results } : { settings: merged, results };
}
