import type { Subject } from './results';

/**
 * The input cannot be read as a ResourceList. Reported as one error result, never as a crash;
 * `subject` names the item's file (and object, when it could be read) for a problem of one item.
 */
export class InputError extends Error {
  constructor(
    message: string,
    readonly subject: Subject = {},
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** An item nests deeper than the reader follows (js-yaml's depth limit, or the stack). */
export class NestingTooDeepError extends Error {
  constructor(levels: number) {
    super(`more than ${levels} levels of nesting`);
    this.name = 'NestingTooDeepError';
  }
}
