import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildCommand, cacheDirectory, layoutVersion } from './cache-layout';

/** The Sloth release the SLO rules are compared with (cache-layout.json). */
export function slothVersion(): string {
  return layoutVersion('sloth');
}

/** The `sloth` program build.sh caches, or undefined when it is not built. */
export function locateSloth(): string | undefined {
  const binary = join(cacheDirectory('sloth'), 'bin', 'sloth');
  return existsSync(binary) ? binary : undefined;
}

/** How to get Sloth, for a test that skips without it. */
export function slothBuildHint(): string {
  return `Run ${buildCommand('sloth')} (it builds Sloth ${slothVersion()} from the Go module proxy into ${join(cacheDirectory('sloth'), 'bin')}).`;
}
