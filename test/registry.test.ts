/**
 * The registry of functions (functions/registry.ts) is the one list: each entry has its folder,
 * and the build's bin/ launchers and the README's table of functions agree with it; so do the
 * commands beside the functions (COMMANDS) and their launchers.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { COMMANDS, FUNCTIONS } from '../functions/registry';
import { binScript, commandBinScript, readmeTable, withReadmeTable } from '../scripts/registry-outputs';
import { REPO_ROOT } from '@focom/test-support/kpt';

const FUNCTIONS_DIR = join(REPO_ROOT, 'functions');

describe('the registry of functions', () => {
  it('names each function after its processor, once', () => {
    const names = FUNCTIONS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of FUNCTIONS) expect(entry.fn.name).toBe(entry.name);
  });

  it('lists every function folder, and each has its entry point, README and metadata', () => {
    const folders = readdirSync(FUNCTIONS_DIR)
      .filter((d) => d !== 'lib' && statSync(join(FUNCTIONS_DIR, d)).isDirectory())
      .sort();
    expect(folders).toEqual(FUNCTIONS.map((f) => f.name).sort());
    for (const { name } of FUNCTIONS) {
      for (const file of ['src/main.ts', 'README.md', 'metadata.yaml'])
        expect({ name, file, exists: existsSync(join(FUNCTIONS_DIR, name, file)) }).toEqual({ name, file, exists: true });
      const metadata = parse(readFileSync(join(FUNCTIONS_DIR, name, 'metadata.yaml'), 'utf8')) as Record<string, unknown>;
      expect({ image: metadata.image, sourceURL: metadata.sourceURL }).toEqual({
        image: `localhost/focom/${name}`,
        sourceURL: `functions/${name}`,
      });
    }
  });

  it("agrees with the README's table of functions (npm run build rewrites it)", () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(readmeTable(FUNCTIONS));
    expect(withReadmeTable(readme, FUNCTIONS)).toBe(readme);
  });

  it('agrees with bin/: one executable launcher per function and per command (npm run build writes them)', () => {
    const bin = join(REPO_ROOT, 'bin');
    expect(readdirSync(bin).sort()).toEqual([...FUNCTIONS, ...COMMANDS].map((f) => f.name).sort());
    for (const { name } of FUNCTIONS) {
      expect(readFileSync(join(bin, name), 'utf8')).toBe(binScript(name));
      expect(statSync(join(bin, name)).mode & 0o111).toBe(0o111);
    }
    for (const { name } of COMMANDS) {
      expect(readFileSync(join(bin, name), 'utf8')).toBe(commandBinScript(name));
      expect(statSync(join(bin, name)).mode & 0o111).toBe(0o111);
    }
  });

  it('lists every command folder, each with its entry point and README, and no command shares a function name', () => {
    const commands = join(REPO_ROOT, 'commands');
    expect(readdirSync(commands).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
    for (const { name } of COMMANDS)
      for (const file of ['src/main.ts', 'README.md'])
        expect({ name, file, exists: existsSync(join(commands, name, file)) }).toEqual({ name, file, exists: true });
    const functions = new Set(FUNCTIONS.map((f) => f.name));
    expect(COMMANDS.filter((c) => functions.has(c.name))).toEqual([]);
  });
});
