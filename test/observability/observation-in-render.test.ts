/**
 * The SloObservation the command writes is an ordinary local-config resource to the render: the
 * real `kpt fn render` of the seed package with it passes, and leaves the file byte for byte.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { observationFileText } from '@focom/observe-slos';
import { REPO_ROOT, removeScratch, render, scratchPackage } from '@focom/test-support/kpt';

describe('an SloObservation in a package that kpt renders', () => {
  it('passes through the render untouched', () => {
    const pkg = scratchPackage(join(REPO_ROOT, 'packages', 'examples', 'seed-edge'));
    try {
      const text = observationFileText(undefined, {
        observedAt: '2026-05-04T12:00:00.000Z',
        source: 'http://prometheus:9090',
        requests: [
          {
            request: 'edge-5g-deployment',
            namespace: 'o2ims',
            template: '5g-ran-du@v1.0.0',
            slos: [
              {
                slo: 'availability',
                state: 'observed',
                errorBudgetRemaining: 0.8333333333333,
                currentBurnRate: 0.3,
                firingAlerts: ['ticket'],
              },
            ],
            previousVersions: [],
          },
        ],
        canaries: [],
      });
      if (!text.ok) throw new Error(text.reason);
      writeFileSync(join(pkg, 'slo-observations.yaml'), text.value);
      const outcome = render(pkg);
      expect({ status: outcome.status, stderr: outcome.stderr }).toMatchObject({ status: 0 });
      expect(readFileSync(join(pkg, 'slo-observations.yaml'), 'utf8')).toBe(text.value);
    } finally {
      removeScratch(pkg);
    }
  });
});
