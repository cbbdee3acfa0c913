/**
 * Patterns in a TemplateInfo are untrusted: `(a+)+$` backtracks exponentially. V8's linear-time
 * engine (the `l` flag) runs any pattern it accepts in time linear in the input, so a pattern is
 * compiled with it or not at all. It rejects backreferences, lookarounds and the `u` flag; such
 * a pattern is reported as a schema error instead of being run.
 *
 * The engine exists only when node starts with `--enable-experimental-regexp-engine` (see
 * ../node-flags.ts). Without it no pattern is compiled at all: a clear error, never a silent
 * fall-back to the backtracking engine.
 */

/** Node was started without the linear-time engine: a set-up error, not a problem of the schema. */
export class LinearRegExpUnavailableError extends Error {
  constructor() {
    super(
      "V8's linear-time regexp engine is not enabled: start node with --enable-experimental-regexp-engine (bin/, the images and npm test do)",
    );
    this.name = 'LinearRegExpUnavailableError';
  }
}

let available: boolean | undefined;

/** Whether this process can compile `l` patterns. */
export function linearRegExpAvailable(): boolean {
  if (available === undefined) {
    try {
      new RegExp('', 'l');
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

export interface RegExpLike {
  test(input: string): boolean;
}

export function linearRegExp(pattern: string): RegExpLike {
  if (!linearRegExpAvailable()) throw new LinearRegExpUnavailableError();
  try {
    return new RegExp(pattern, 'l');
  } catch (error) {
    const reason = (error as Error).message.includes('linear time')
      ? 'it uses a backreference, lookaround or other construct that cannot run in linear time'
      : (error as Error).message;
    throw new Error(`pattern ${JSON.stringify(pattern)} is refused: ${reason}`, { cause: error });
  }
}
