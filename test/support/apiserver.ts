/**
 * A real kube-apiserver with its own etcd for one test file (@focom/cluster-harness starts it:
 * provision-seed runs the same code). `useApiServer()` starts it in beforeAll and stops
 * it in afterAll, whatever the tests did; a worker that exits early still kills both.
 */
import { type ApiServer, startApiServer } from '@focom/cluster-harness';

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 20_000;

export function useApiServer(): () => ApiServer {
  let server: ApiServer | undefined;
  beforeAll(async () => {
    server = await startApiServer();
  }, 3 * READY_TIMEOUT_MS);
  afterAll(async () => {
    await server?.stop();
  }, 3 * STOP_GRACE_MS);
  return () => {
    if (!server) throw new Error('the API server did not start: see the beforeAll error above');
    return server;
  };
}
