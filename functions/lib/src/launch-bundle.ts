import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** Set to write `<bundle>.cache` when the run exits (the build does this once per function). */
export const WRITE_CODE_CACHE_ENV = 'FOCOM_WRITE_CODE_CACHE';

/**
 * Compiles a function bundle with V8's code cache beside it, if there is one. V8 rejects a cache
 * made by another Node.js version or with other V8 flags (`cachedDataRejected`), and the bundle
 * then compiles as usual: node must run with the same flags as the build that wrote the cache
 * (node-flags.ts).
 */
export function compileBundle(bundlePath: string): Script {
  const source = readFileSync(bundlePath, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(`${bundlePath}.cache`);
  } catch {
    cachedData = undefined;
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  return new Script(wrapper, cachedData ? { filename: bundlePath, cachedData } : { filename: bundlePath });
}

/**
 * Runs a function bundle with V8's code cache: compiling the ~330 KB bundle is the largest part
 * of a cold start, and the cache written at build time skips it.
 */
export function launchBundle(bundlePath: string): void {
  const script = compileBundle(bundlePath);
  const run = script.runInThisContext() as (e: object, r: NodeJS.Require, m: object, f: string, d: string) => void;
  const module = { exports: {} };
  run.call(module.exports, module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  if (process.env[WRITE_CODE_CACHE_ENV] === '1') {
    process.on('exit', () => writeFileSync(`${bundlePath}.cache`, script.createCachedData()));
  }
}
