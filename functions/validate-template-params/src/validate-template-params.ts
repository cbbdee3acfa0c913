import type { KrmFunction } from '../../lib/src';

/** Placeholder until its issue lands: passes every item through unchanged. */
export const validateTemplateParams: KrmFunction = {
  name: 'validate-template-params',
  usage: 'Not implemented yet: passes every item through unchanged.',
  process(list) {
    return { results: [], summary: `validate-template-params: not implemented yet, ${list.items.length} items passed through unchanged` };
  },
};
