import type { KrmFunction } from '../../lib/src';

/** Placeholder until its issue lands: passes every item through unchanged. */
export const injectOcloudTargeting: KrmFunction = {
  name: 'inject-ocloud-targeting',
  usage: 'Not implemented yet: passes every item through unchanged.',
  process(list) {
    return { results: [], summary: `inject-ocloud-targeting: not implemented yet, ${list.items.length} items passed through unchanged` };
  },
};
