import type { KrmFunction } from '../../lib/src';

/** Placeholder until its issue lands: passes every item through unchanged. */
export const expandProvisioningRequest: KrmFunction = {
  name: 'expand-provisioning-request',
  usage: 'Not implemented yet: passes every item through unchanged.',
  process(list) {
    return { results: [], summary: `expand-provisioning-request: not implemented yet, ${list.items.length} items passed through unchanged` };
  },
};
