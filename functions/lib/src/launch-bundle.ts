import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/** Set to write `<bundle>.cache` when the run exits (the build does this once per function). */
export const WRITE_CODE_CACHE_ENV = 'FOCOM_WRITE_CODE_CACHE';

/**
 * Runs a function bundle with V8's code cache: compiling the ~330 KB bundle is the largest part
 * of a cold start, and the cache written at build time skips it. A cache V8 rejects (another
 * Node.js version) is ignored and the bundle compiles as usual.
 */
export function launchBundle(bundlePath: string): void {
  // The flag is part of V8's cache check, so it is set before compiling, as when the cache was made.
  setFlagsFromString('--enable-experimental-regexp-engine');
  const cachePath = `${bundlePath}.cache`;
  const source = readFileSync(bundlePath, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    cachedData = undefined;
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapper, cachedData ? { filename: bundlePath, cachedData } : { filename: bundlePath });
  const run = script.runInThisContext() as (e: object, r: NodeJS.Require, m: object, f: string, d: string) => void;
  const module = { exports: {} };
  run.call(module.exports, module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  if (process.env[WRITE_CODE_CACHE_ENV] === '1') {
    process.on('exit', () => writeFileSync(cachePath, script.createCachedData()));
  }
}
