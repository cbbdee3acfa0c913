/**
 * YAML 1.1 as kubectl and Argo CD read it: the Go program in go/yaml11-oracle decodes with
 * sigs.k8s.io/yaml (go-yaml v2). Built once per machine and source version into its cache
 * directory (build.sh yaml11-oracle builds the same file).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDirectory } from './cache-layout';
import { repoRoot, run } from './run';

let built: string | undefined;

/** The oracle's executable, built with `go build` when its sources changed. */
export function yaml11Oracle(): string {
  if (built) return built;
  const sourceDir = join(repoRoot(), 'libs', 'cluster-harness', 'go', 'yaml11-oracle');
  const hash = createHash('sha256');
  for (const file of ['main.go', 'go.mod', 'go.sum']) hash.update(readFileSync(join(sourceDir, file)));
  const dir = cacheDirectory('yaml11-oracle');
  const binary = join(dir, hash.digest('hex').slice(0, 16));
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    const partial = `${binary}.${process.pid}`;
    // GOWORK=off: the module is built alone, as build.sh builds it (go/go.work would change its dependencies).
    const build = run('go', ['build', '-o', partial, '.'], { cwd: sourceDir, env: { ...process.env, GOWORK: 'off' } });
    if (build.status !== 0) throw new Error(`building the YAML 1.1 oracle failed (Go is needed):\n${build.stderr}`);
    renameSync(partial, binary);
  }
  built = binary;
  return binary;
}
