/** The input cannot be read as a ResourceList. Reported as one error result, never as a crash. */
export class InputError extends Error {
  constructor(message: string) {
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
