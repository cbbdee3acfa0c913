/**
 * YAML 1.1 as kubectl and Argo CD read it, through the Go oracle @focom/cluster-harness builds
 * (sigs.k8s.io/yaml, go-yaml v2), beside YAML 1.2 as kpt and the functions read it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { yaml11Oracle } from '@focom/cluster-harness';
import { run } from './kpt';

/** Each YAML text as kubectl reads it (its JSON value; null for a text that does not parse). */
export function readTextsAsYaml11(texts: readonly string[]): unknown[] {
  const out = run(yaml11Oracle(), ['--documents'], { input: JSON.stringify(texts) });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout) as unknown[];
}

/** Every document of each file as kubectl reads it (JSON values). */
export function readAsYaml11(files: readonly string[]): Record<string, unknown[]> {
  if (files.length === 0) return {};
  const out = run(yaml11Oracle(), files);
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout) as Record<string, unknown[]>;
}

/** Every document of a file as a YAML 1.2 reader (kpt, the functions) reads it, as JSON values. */
export function readAsYaml12(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => JSON.parse(JSON.stringify(d.toJS() ?? null)) as unknown)
    .filter((d) => d !== null);
}

/** Where two readings of the same value differ, as `path: 1.2 value / 1.1 value` lines. */
export function differences(yaml12: unknown, yaml11: unknown, path = ''): string[] {
  if (typeof yaml12 === 'object' && yaml12 !== null && typeof yaml11 === 'object' && yaml11 !== null) {
    if (Array.isArray(yaml12) !== Array.isArray(yaml11)) return [`${path}: ${JSON.stringify(yaml12)} / ${JSON.stringify(yaml11)}`];
    const keys = new Set([...Object.keys(yaml12), ...Object.keys(yaml11)]);
    return [...keys].flatMap((k) =>
      differences((yaml12 as Record<string, unknown>)[k], (yaml11 as Record<string, unknown>)[k], path ? `${path}.${k}` : k),
    );
  }
  return JSON.stringify(yaml12) === JSON.stringify(yaml11)
    ? []
    : [`${path}: YAML 1.2 reads ${JSON.stringify(yaml12)}, YAML 1.1 reads ${JSON.stringify(yaml11)}`];
}

/** Every value of the given files that kubectl would read as another value or type than kpt does. */
export function yaml11Mismatches(root: string, files: readonly string[]): string[] {
  const paths = files.map((f) => join(root, f));
  const yaml11 = readAsYaml11(paths);
  return files.flatMap((file, i) => {
    const docs11 = yaml11[paths[i]] ?? [];
    const docs12 = readAsYaml12(paths[i]);
    return differences(docs12, docs11).map((d) => `${file}: ${d}`);
  });
}
