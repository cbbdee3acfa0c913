/**
 * A STAND-IN for an O2IMS, on the edge cluster: this machine has none (no bare metal, no
 * cluster installer), so provision-seed plays its part of the protocol and nothing more. Each
 * ProvisioningRequest Flux applies to the edge is marked progressing at once and, after the
 * delay, fulfilled (or failed, with --o2ims-fail), in the status fields each API defines, with
 * details that say they come from a stand-in. No cluster is built: the workloads land on the
 * same edge cluster.
 */
import type { CommandResult } from '@focom/cluster-harness';
import { CLCM_API_VERSION, O2IMS_API_VERSION, PROVISIONING_PHASE_FIELD } from '@focom/domain';

type Kubectl = (args: readonly string[], options?: { input?: string }) => CommandResult;

export interface StandInOptions {
  edge: Kubectl;
  delaySeconds: number;
  fail: boolean;
  step(message: string): void;
}

export interface StandInO2ims {
  stop(): void;
}

const POLL_MS = 1_000;
const RESOURCES: Record<string, string> = {
  [O2IMS_API_VERSION]: 'provisioningrequests.o2ims.provisioning.oran.org',
  [CLCM_API_VERSION]: 'provisioningrequests.clcm.openshift.io',
};

export const STAND_IN = 'stand-in O2IMS';

export function startStandInO2ims(options: StandInOptions): StandInO2ims {
  const seen = new Map<string, { since: number; done: boolean }>();
  const patch = (resource: string, name: string, apiVersion: string, phase: string, details: string): void => {
    const field = PROVISIONING_PHASE_FIELD[apiVersion];
    const body = { status: { provisioningStatus: { [field]: phase, provisioningDetails: details } } };
    const patched = options.edge(['patch', resource, name, '--subresource=status', '--type=merge', '-p', JSON.stringify(body)]);
    if (patched.status === 0) options.step(`${STAND_IN}: ProvisioningRequest ${name} ${phase}: ${details}`);
  };
  const tick = (): void => {
    for (const [apiVersion, resource] of Object.entries(RESOURCES)) {
      const listed = options.edge(['get', resource, '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}']);
      if (listed.status !== 0) continue;
      for (const name of listed.stdout.split('\n').filter((n) => n !== '')) {
        const key = `${resource}/${name}`;
        const state = seen.get(key);
        if (!state) {
          seen.set(key, { since: Date.now(), done: false });
          patch(
            resource,
            name,
            apiVersion,
            'progressing',
            `${STAND_IN}: no cluster is built here; ${options.fail ? 'fails' : 'fulfilled'} in ${options.delaySeconds} s`,
          );
        } else if (!state.done && Date.now() - state.since >= options.delaySeconds * 1000) {
          state.done = true;
          if (options.fail) patch(resource, name, apiVersion, 'failed', `${STAND_IN}: provisioning failed, as --o2ims-fail asked`);
          else patch(resource, name, apiVersion, 'fulfilled', `${STAND_IN}: cluster ${name} reported ready (nothing was built)`);
        }
      }
    }
  };
  const timer = setInterval(tick, POLL_MS);
  return { stop: () => clearInterval(timer) };
}
