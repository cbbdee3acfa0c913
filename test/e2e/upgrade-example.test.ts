/**
 * packages/examples/seed-edge-upgrade holds what 5g-ran-du v1.0.0 rendered (generated/,
 * delivery/, the Kptfile's status) and a TemplateInfo that now names v1.1.0. Its committed
 * output must stay a faithful v1.0.0 render, or its upgrade diff (e2e case `upgrade`) would show
 * more than the upgrade: naming v1.0.0 again must change nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, commitAll, diffAgainstHead, removeScratch, render, scratchPackage } from '@focom/test-support/kpt';

describe('the seed-edge-upgrade example', () => {
  it('is what v1.0.0 renders: naming v1.0.0 again changes nothing', () => {
    const pkg = scratchPackage(join(REPO_ROOT, 'packages', 'examples', 'seed-edge-upgrade'));
    try {
      const file = join(pkg, 'template-info.yaml');
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('  templateVersion: v1.1.0\n');
      writeFileSync(file, text.replace('  templateVersion: v1.1.0\n', '  templateVersion: v1.0.0\n'));
      commitAll(pkg, 'back to v1.0.0');
      const rendered = render(pkg);
      expect({ status: rendered.status, stderr: rendered.stderr }).toEqual({ status: 0, stderr: rendered.stderr });
      expect(diffAgainstHead(pkg)).toBe('');
    } finally {
      removeScratch(pkg);
    }
  });
});
