/**
 * A kubeconfig Secret in the package is referenced by name only: its data never reaches
 * generated files, delivery objects, results or stderr. Rendered with the real kpt.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from '@focom/test-support/files';
import { removeScratch, render, REPO_ROOT, scratchPackage } from '@focom/test-support/kpt';

const TOKEN = 'c3VwZXItc2VjcmV0LWVkZ2UtdG9rZW4tZG8tbm90LWxlYWs';
const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: edge-cluster-kubeconfig
  namespace: o2ims
type: Opaque
data:
  kubeconfig: ${TOKEN}
stringData:
  note: ${TOKEN}-plain
`;

describe('secrets', () => {
  it("never copies a Secret's data into output, results or stderr", () => {
    const pkg = scratchPackage(join(REPO_ROOT, 'packages', 'examples', 'seed-edge'));
    try {
      writeFileSync(join(pkg, 'secret.yaml'), SECRET);
      const outcome = render(pkg);
      expect(outcome.status).toBe(0);
      expect(outcome.stderr).not.toContain(TOKEN);
      expect(outcome.results).not.toContain(TOKEN);
      expect(readFileSync(join(pkg, 'secret.yaml'), 'utf8')).toBe(SECRET);
      const leaking = listFiles(pkg).filter((f) => f !== 'secret.yaml' && readFileSync(join(pkg, f), 'utf8').includes(TOKEN));
      expect(leaking).toEqual([]);
      const delivery = listFiles(pkg).filter((f) => f.startsWith('delivery/'));
      expect(delivery).toHaveLength(1);
      expect(readFileSync(join(pkg, delivery[0]), 'utf8')).toContain('name: edge-cluster-kubeconfig');
    } finally {
      removeScratch(pkg);
    }
  });
});
