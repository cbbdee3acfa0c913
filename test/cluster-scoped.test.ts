import { readFileSync } from 'node:fs';
import { TARGET, clusterScopedSource } from '../scripts/generate-cluster-scoped-kinds';

describe('cluster-scoped kinds', () => {
  it('are what the generator writes from the Kubernetes API paths (npm run generate:cluster-scoped)', () => {
    expect(readFileSync(TARGET, 'utf8')).toBe(clusterScopedSource());
  });
});
