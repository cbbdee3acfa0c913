/** The input cannot be read as a ResourceList. Reported as one error result, never as a crash. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
