/**
 * A real Porch for one test file (@focom/cluster-harness starts it: provision-seed runs the same
 * code). `usePorch()` starts it in beforeAll and stops it in afterAll, whatever the
 * tests did; a worker that exits early still kills every process.
 */
import { CONTROLLERS_LOCK_WAIT_MS, type Porch, type PorchOptions, startPorch } from '@focom/cluster-harness';

const READY_TIMEOUT_MS = 120_000;

export function usePorch(options: PorchOptions): () => Porch {
  let porch: Porch | undefined;
  beforeAll(
    async () => {
      porch = await startPorch(options);
    },
    3 * READY_TIMEOUT_MS + (options.controllers ? CONTROLLERS_LOCK_WAIT_MS : 0),
  );
  afterAll(async () => {
    await porch?.stop();
  }, 120_000);
  return () => {
    if (!porch) throw new Error('Porch did not start: see the beforeAll error above');
    return porch;
  };
}
