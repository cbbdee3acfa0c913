/**
 * `npm start` (scripts/render-example.ts) on the day-2 example: the real kpt renders it into
 * out/, and the table names each request's template version, what it was upgraded from, and its SLO gate.
 */
import { join } from 'node:path';
import { REPO_ROOT, run } from '@focom/test-support/kpt';

describe('npm start', () => {
  it('shows the version a request renders with, what it was upgraded from, and what the upgrade changed', () => {
    const started = run(process.execPath, [
      '--import',
      'tsx',
      join(REPO_ROOT, 'scripts', 'render-example.ts'),
      'packages/examples/seed-edge-upgrade',
    ]);
    expect({ status: started.status, stderr: started.stderr }).toEqual({ status: 0, stderr: '' });
    expect(started.stdout).toBe(
      [
        'Rendered packages/examples/seed-edge-upgrade into out/seed-edge-upgrade/',
        '',
        'REQUEST             TEMPLATE          UPGRADED FROM  O-CLOUD      RESOURCES  READY  SLO GATE',
        'edge-5g-deployment  5g-ran-du@v1.1.0  v1.0.0         edge-ocloud  7          yes    open (NoSlosDeclared)',
        '',
        'edge-5g-deployment: upgraded from 5g-ran-du@v1.0.0 to v1.1.0: added NetworkPolicy ran-du; changed ConfigMap ran-du-config, Deployment ran-du',
        '',
      ].join('\n'),
    );
  });
});
