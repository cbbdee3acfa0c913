import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { type IdleOutput, handInput, idlePassThrough } from './idle-pass-through';

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
 * Runs a function: reads stdin, and when the input has nothing for the function (see
 * idle-pass-through.ts) writes the output itself, from `<bundle>.idle.json`, without compiling
 * the bundle. Otherwise it runs the bundle with V8's code cache (compiling the bundle is the
 * largest part of a cold start, and the cache written at build time skips it) and hands it the
 * input. With arguments (`--help`) the bundle runs and reads stdin itself.
 */
export function launchBundle(bundlePath: string): void {
  if (process.argv.length > 2) {
    runBundle(bundlePath);
    return;
  }
  const chunks: Buffer[] = [];
  process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
  process.stdin.on('error', (error) => {
    process.stderr.write(`cannot read stdin: ${error.message}\n`);
    process.exitCode = 1;
  });
  process.stdin.on('end', () => {
    // Handed over from a function of its own, so that the input's bytes are not held while the bundle runs.
    if (!writeIdleOutput(chunks, bundlePath)) runBundle(bundlePath);
  });
}

/**
 * Writes the output itself when the input has nothing for the function, and says so; otherwise
 * hands the input's text to the function's bundle (the bytes are let go when this returns).
 */
function writeIdleOutput(chunks: Buffer[], bundlePath: string): boolean {
  const bytes = Buffer.concat(chunks);
  chunks.length = 0;
  const input = bytes.toString('utf8');
  const idle = readIdleOutput(bundlePath);
  // A byte sequence that is not UTF-8 reads as U+FFFD, which the function would write back as such.
  const shortcut =
    idle && process.env[WRITE_CODE_CACHE_ENV] !== '1' && !input.includes('\uFFFD') ? idlePassThrough(input, idle) : undefined;
  if (!shortcut) {
    handInput(input);
    return false;
  }
  process.stderr.write(shortcut.stderr);
  process.stdout.write(shortcut.head);
  if (shortcut.itemsFrom < shortcut.itemsTo) {
    // The items' bytes as they came: not encoded again.
    const from = Buffer.byteLength(input.slice(0, shortcut.itemsFrom));
    const to = bytes.length - Buffer.byteLength(input.slice(shortcut.itemsTo));
    process.stdout.write(bytes.subarray(from, to));
    process.stdout.write('\n');
  }
  process.exitCode = shortcut.exitCode;
  return true;
}

/** The function's idle output, written beside its bundle at build time; without what concerns the function, none. */
function readIdleOutput(bundlePath: string): IdleOutput | undefined {
  try {
    const idle = JSON.parse(readFileSync(`${bundlePath}.idle.json`, 'utf8')) as Partial<IdleOutput>;
    return typeof idle.concerns === 'string' ? (idle as IdleOutput) : undefined;
  } catch {
    return undefined;
  }
}

function runBundle(bundlePath: string): void {
  const script = compileBundle(bundlePath);
  const run = script.runInThisContext() as (e: object, r: NodeJS.Require, m: object, f: string, d: string) => void;
  const module = { exports: {} };
  run.call(module.exports, module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  if (process.env[WRITE_CODE_CACHE_ENV] === '1') {
    process.on('exit', () => writeFileSync(`${bundlePath}.cache`, script.createCachedData()));
  }
}
