/**
 * What the build derives from the registry of functions (functions/registry.ts): the bin/
 * launchers and the README's table of functions. Tests compare both with the registry.
 */
import type { FunctionEntry } from '../functions/registry';
import { NODE_FLAGS } from '@focom/krm-runtime';

/** `bin/<name>`: runs the function's bundle with its code cache, under the flags it needs. */
export function binScript(name: string): string {
  return [
    `#!/usr/bin/env -S node ${NODE_FLAGS.join(' ')}`,
    "'use strict';",
    '// Generated from functions/registry.ts by npm run build (scripts/build-bundles.ts): do not edit.',
    "const { join } = require('node:path');",
    `require('../dist/bundle/launcher.js').launchBundle(join(__dirname, '..', 'dist', 'bundle', '${name}.js'));`,
    '',
  ].join('\n');
}

/** `bin/<command>`: runs the command's bundle (no stdin shortcut or code cache: it is no KRM function). */
export function commandBinScript(name: string): string {
  return [
    `#!/usr/bin/env -S node ${NODE_FLAGS.join(' ')}`,
    "'use strict';",
    '// Generated from COMMANDS in functions/registry.ts by npm run build (scripts/build-bundles.ts): do not edit.',
    `require('../dist/bundle/${name}.js');`,
    '',
  ].join('\n');
}

export const README_TABLE_START = '<!-- The table of functions is generated from functions/registry.ts by npm run build. -->';
export const README_TABLE_END = '<!-- End of the table of functions. -->';

export function readmeTable(entries: readonly FunctionEntry[]): string {
  return [
    '| function | what it does |',
    '| --- | --- |',
    ...entries.map((e) => `| [\`${e.name}\`](functions/${e.name}/README.md) | ${e.summary} |`),
  ].join('\n');
}

/** The README with its table of functions replaced by the registry's. */
export function withReadmeTable(readme: string, entries: readonly FunctionEntry[]): string {
  const start = readme.indexOf(README_TABLE_START);
  const end = readme.indexOf(README_TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`README.md has no table of functions between "${README_TABLE_START}" and "${README_TABLE_END}"`);
  return `${readme.slice(0, start + README_TABLE_START.length)}\n${readmeTable(entries)}\n${readme.slice(end)}`;
}
