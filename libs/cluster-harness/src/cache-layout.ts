/**
 * Where build.sh leaves each set of binaries: cache-layout.json names the directories and their
 * contents once, for build.sh and for the finders here. Versions come from the Go wrapper
 * modules' go.mod files (the one place each is written), or from the layout itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import layout from '../cache-layout.json';
import { repoRoot } from './run';

export type CacheName = keyof typeof layout.caches;
type VersionName = keyof typeof layout.versions;

/** The build script, relative to the repository root. */
export const BUILD_SCRIPT = 'libs/cluster-harness/build.sh';

/** The command that fills one cache, as a user types it from the repository root. */
export function buildCommand(cache: CacheName): string {
  return `${BUILD_SCRIPT} ${cache}`;
}

const harnessDir = (): string => join(repoRoot(), 'libs', 'cluster-harness');

/** A version the layout names: the require line of a wrapper module's go.mod, or written in the layout. */
export function layoutVersion(name: VersionName): string {
  const source: { goMod?: string; module?: string; version?: string } = layout.versions[name];
  if (source.version !== undefined) return source.version;
  const file = join(harnessDir(), source.goMod!);
  const escaped = source.module!.replace(/[.\\/]/g, (c) => `\\${c}`);
  const found = new RegExp(`^\\s*(?:require\\s+)?${escaped} (v\\S+)$`, 'm').exec(readFileSync(file, 'utf8'));
  if (!found) throw new Error(`${file} does not require ${source.module}`);
  return found[1];
}

/** FOCOM_CACHE, else ~/.cache/focom. */
export function cacheRoot(): string {
  return process.env.FOCOM_CACHE || join(homedir(), '.cache', 'focom');
}

/** The cache's directory under cacheRoot(), its name filled in with the versions it is keyed by. */
export function cacheDirectory(cache: CacheName): string {
  const name = layout.caches[cache].directory.replace(/\{(\w+)\}/g, (_, version: string) => {
    if (!(version in layout.versions)) throw new Error(`cache-layout.json: ${cache} names an unknown version {${version}}`);
    return layoutVersion(version as VersionName);
  });
  return join(cacheRoot(), name);
}

/** The programs build.sh puts in the cache's bin/ directory. */
export function cachedPrograms(cache: CacheName): readonly string[] {
  return layout.caches[cache].bin;
}

/** What build.sh leaves in home that is not there (empty when everything is). */
export function missingFromCache(cache: CacheName, home: string, binDir = join(home, 'bin')): string[] {
  const entry = layout.caches[cache];
  return [
    ...entry.bin.map((name) => join(binDir, name)),
    ...entry.files.map((name) => join(home, name)),
    ...entry.dirs.map((name) => join(home, name)),
  ].filter((path) => !existsSync(path));
}
